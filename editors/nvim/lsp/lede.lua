-- lede language server for Neovim 0.11+ (`vim.lsp.config`).
--
-- Put this directory (editors/nvim) on 'runtimepath' and enable it:
--
--   vim.lsp.enable('lede')
--
-- It attaches only to buffers under a folder with a lede.toml (the folder is the
-- workspace root), so a code project's README is left alone. To choose yourself:
--   vim.g.lede_enable = true    -- every text and Markdown buffer (root: .git or the file's folder)
--   vim.g.lede_enable = false   -- never
--
-- Override any field with vim.lsp.config('lede', { ... }), e.g. another binary:
--   vim.lsp.config('lede', { cmd = { '/path/to/lede', 'lsp' } })
---@type vim.lsp.Config
return {
  cmd = { 'lede', 'lsp' },
  filetypes = { 'text', 'markdown' },
  -- Called for each buffer; the client starts only when `on_dir` is called.
  root_dir = function(bufnr, on_dir)
    local enable = vim.g.lede_enable
    if enable == false or enable == 0 then
      return
    end
    local project = vim.fs.root(bufnr, 'lede.toml')
    if project then
      on_dir(project)
    elseif enable == true or enable == 1 then
      local name = vim.api.nvim_buf_get_name(bufnr)
      on_dir(vim.fs.root(bufnr, '.git') or (name ~= '' and vim.fs.dirname(name)) or vim.fn.getcwd())
    end
  end,
  init_options = {
    -- Milliseconds the server waits after an edit before re-checking.
    debounceMs = 200,
  },
}
