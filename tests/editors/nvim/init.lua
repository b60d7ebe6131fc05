-- Test init: only editors/nvim on top of Neovim's own runtime, the freshly built
-- target/release/lede first on PATH (LEDE_BIN_DIR overrides, for trying another build). LEDE_ROOT is the repository root.
local root = assert(os.getenv('LEDE_ROOT'), 'LEDE_ROOT not set')
vim.opt.runtimepath:prepend(root .. '/editors/nvim')
local bin_dir = os.getenv('LEDE_BIN_DIR')
if bin_dir == '' then
  bin_dir = nil
end
vim.env.PATH = (bin_dir or (root .. '/target/release')) .. ':' .. vim.env.PATH
vim.opt.swapfile = false
vim.opt.shadafile = 'NONE'
vim.diagnostic.config({ virtual_text = true, underline = true, signs = true })
vim.lsp.enable('lede')
