-- lede language server for Neovim 0.11+ (`vim.lsp.config`).
--
-- Put this directory (editors/nvim) on 'runtimepath' and enable it:
--
--   vim.lsp.enable('lede')
--
-- Override any field with vim.lsp.config('lede', { ... }), e.g. another binary:
--   vim.lsp.config('lede', { cmd = { '/path/to/lede', 'lsp' } })
---@type vim.lsp.Config
return {
  cmd = { 'lede', 'lsp' },
  filetypes = { 'text', 'markdown' },
  root_markers = { 'lede.toml', '.git' },
  init_options = {
    -- Milliseconds the server waits after an edit before re-checking.
    debounceMs = 200,
  },
}
