-- Headless Neovim test of editors/nvim against the real `lede lsp`.
-- Env: LEDE_ROOT (repo), LEDE_WS (temp workspace with the fixtures), LEDE_ARTICLE
-- (the article whose diagnostics are compared with `lede check --format json`).
local root = os.getenv('LEDE_ROOT')
local ws = os.getenv('LEDE_WS')
local article = os.getenv('LEDE_ARTICLE')
local failures = 0

local function out(s)
  io.stdout:write(s .. '\n')
end
local function check(ok, what, detail)
  if ok then
    out('ok   ' .. what)
  else
    failures = failures + 1
    out('FAIL ' .. what .. (detail and ('\n     ' .. detail:gsub('\n', '\n     ')) or ''))
  end
  return ok
end
local function finish()
  out(failures == 0 and 'nvim: all passed' or ('nvim: ' .. failures .. ' failed'))
  io.stdout:flush()
  vim.cmd(failures == 0 and 'qall!' or 'cquit 1')
end

local function open(path)
  vim.cmd('edit ' .. vim.fn.fnameescape(path))
  return vim.api.nvim_get_current_buf()
end

local function attached(buf)
  local ok = vim.wait(15000, function()
    return #vim.lsp.get_clients({ bufnr = buf, name = 'lede' }) > 0
  end, 20)
  return ok and vim.lsp.get_clients({ bufnr = buf, name = 'lede' })[1] or nil
end

-- `:edit!` reloads a buffer; the client re-attaches on the next turn of the event
-- loop (a root_dir function's callback is scheduled), so wait for it before using it.
local function reload(buf)
  vim.cmd('edit!')
  return attached(buf)
end

-- Waits (at most 60 s: a guard against a hung server, not a speed bound) until the
-- diagnostics of buf, as keys, equal want; returns what is there then.
local function diagnostics_equal(buf, key_of, want)
  local got = {}
  vim.wait(60000, function()
    got = {}
    for _, d in ipairs(vim.diagnostic.get(buf)) do
      table.insert(got, key_of(d))
    end
    table.sort(got)
    return vim.deep_equal(got, want)
  end, 50)
  return vim.diagnostic.get(buf), got
end

local function buf_text(buf)
  return table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, false), '\n')
end

local function hover_text(client, buf, row, col)
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(buf) },
    position = {
      line = row,
      character = vim.lsp.util.character_offset(buf, row, col, client.offset_encoding),
    },
  }
  local res = client:request_sync('textDocument/hover', params, 20000, buf)
  if not res or not res.result then
    return ''
  end
  local c = res.result.contents
  if type(c) == 'string' then
    return c
  end
  if c.value then
    return c.value
  end
  local parts = {}
  for _, p in ipairs(c) do
    table.insert(parts, type(p) == 'string' and p or p.value)
  end
  return table.concat(parts, '\n')
end

local lede = package.loaded['lede']
check(lede ~= nil and vim.fn.exists(':LedeTag') == 2 and vim.fn.exists(':LedeFixAll') == 2,
  'plugin/lede.lua defines :LedeTag and :LedeFixAll')

-- 1. Diagnostics on the article equal the CLI's findings for the same file.
local buf = open(article)
check(vim.bo[buf].filetype == 'text', 'article has filetype text', vim.bo[buf].filetype)
local client = attached(buf)
if not check(client ~= nil, 'lede attached to ' .. vim.fs.basename(article)) then
  return finish()
end
check(client.config.root_dir == ws, 'root_dir is the workspace with lede.toml', tostring(client.config.root_dir))

-- The server indexes the whole workspace (cross-file findings), so the CLI checks
-- the same folder and we keep its findings for the article.
local cli = vim.system({ (os.getenv('LEDE_BIN_DIR') or (root .. '/target/release')) .. '/lede', 'check', '--format', 'json', '.' }, { text = true, cwd = ws }):wait()
local ok_json, findings = pcall(vim.json.decode, cli.stdout or '')
check(ok_json and type(findings) == 'table', 'lede check --format json parses', (cli.stderr or '') .. (cli.stdout or ''))
findings = ok_json and type(findings) == 'table' and findings or {}
local rel = vim.fs.basename(article)
findings = vim.tbl_filter(function(f)
  return type(f.path) == 'string' and vim.fs.normalize(f.path):gsub('^%./', '') == rel
end, findings)

local lines = vim.api.nvim_buf_get_lines(buf, 0, -1, false)
local function byte_col(line, col1) -- CLI: 1-based column in Unicode scalar values
  local l = lines[line] or ''
  local n = vim.str_utfindex(l, 'utf-32')
  if col1 - 1 >= n then
    return #l + (col1 - 1 - n)
  end
  return vim.str_byteindex(l, 'utf-32', col1 - 1)
end
local expected = {}
for _, f in ipairs(findings) do
  table.insert(expected, string.format('%s %d:%d-%d:%d', f.rule, f.line - 1, byte_col(f.line, f.column), f.end_line - 1,
    byte_col(f.end_line, f.end_column)))
end
table.sort(expected)
check(#expected > 0, 'the CLI reports findings for the article (' .. #expected .. ')')
-- The server publishes as it learns (the article first, then with the workspace
-- index): wait for the diagnostics to reach the CLI's, however long that takes.
local diags, got = diagnostics_equal(buf, function(d)
  return string.format('%s %d:%d-%d:%d', tostring(d.code), d.lnum, d.col, d.end_lnum, d.end_col)
end, expected)
check(vim.deep_equal(expected, got), 'diagnostics equal the CLI findings (rule and range)',
  'cli:\n' .. table.concat(expected, '\n') .. '\nnvim:\n' .. table.concat(got, '\n'))

-- 2. The quick fix for "city8%" repairs the split decimal.
local glued
for _, d in ipairs(diags) do
  if d.code == 'numbers/glued-digits' and (lines[d.lnum + 1] or ''):find('city8%', 1, true) then
    glued = d
  end
end
if check(glued ~= nil, 'a numbers/glued-digits diagnostic on the city8% line') then
  local actions = lede.code_actions(client, buf, { glued.lnum, glued.col }, { glued.end_lnum, glued.end_col }, { 'quickfix' })
    or {}
  local fix
  for _, a in ipairs(actions) do
    for _, d in ipairs(a.diagnostics or {}) do
      if d.code == 'numbers/glued-digits' and a.edit and not fix then
        fix = a
      end
    end
  end
  if check(fix ~= nil, 'the server offers a quick fix for it', vim.inspect(actions)) then
    vim.lsp.util.apply_workspace_edit(fix.edit, client.offset_encoding)
    check(buf_text(buf):find('contributing 97.8% to the city', 1, true) ~= nil,
      'applying "' .. fix.title .. '" gives "contributing 97.8% to the city"',
      (buf_text(buf):match('[^\n]*contributing[^\n]*') or buf_text(buf)))
  end
end
reload(vim.api.nvim_get_current_buf())

-- 2b. :LedeFixAll gives the same text as `lede check --fix` on a copy of the workspace.
local copy = vim.fn.tempname()
vim.system({ 'cp', '-r', ws, copy }):wait()
vim.system({ (os.getenv('LEDE_BIN_DIR') or (root .. '/target/release')) .. '/lede', 'check', '--fix', '.' }, { cwd = copy }):wait()
-- Compared without trailing newlines: Neovim keeps the final EOL in 'eol', not in the lines.
local function trim_eol(t)
  return (t:gsub('\n+$', ''))
end
local fixed = trim_eol(table.concat(vim.fn.readfile(copy .. '/' .. vim.fs.basename(article), 'b'), '\n'))
local original = buf_text(buf)
vim.cmd('LedeFixAll')
vim.wait(3000, function()
  return buf_text(buf) ~= original
end, 50)
out('     (`lede check --fix` ' .. (fixed ~= trim_eol(original) and 'changes' or 'does not change') .. ' the article)')
check(trim_eol(buf_text(buf)) == fixed, ':LedeFixAll gives the same text as `lede check --fix`',
  vim.diff(fixed, trim_eol(buf_text(buf))))
reload(vim.api.nvim_get_current_buf())
vim.fn.delete(copy, 'rf')

-- 3. Hover on a tag shows the registry entity.
local tbuf = open(ws .. '/tagged.txt')
local tclient = attached(tbuf)
if check(tclient ~= nil, 'lede attached to tagged.txt') then
  local tlines = vim.api.nvim_buf_get_lines(tbuf, 0, -1, false)
  local col = tlines[1]:find('Riverton Harbour Authority', 1, true)
  local text = ''
  vim.wait(30000, function()
    text = hover_text(tclient, tbuf, 0, col + 2)
    return text ~= ''
  end, 200)
  check(text:find('Public body that runs the port of Riverton', 1, true) ~= nil and text:find('ORG', 1, true) ~= nil,
    'hover on [Riverton Harbour Authority]{ORG:rha} shows the entity', text)

  -- 4. :'<,'>LedeTag ORG wraps the visual selection through the server's action.
  local row
  for i, l in ipairs(tlines) do
    if l:find('Shipping firms in the Harbour Authority', 1, true) then
      row = i
    end
  end
  local s = tlines[row]:find('Harbour Authority', 1, true)
  vim.api.nvim_win_set_cursor(0, { row, s - 1 })
  vim.cmd('normal! v' .. (#'Harbour Authority' - 1) .. 'l')
  vim.cmd('execute "normal! \\<Esc>"')
  -- M.tag reports whether the server's "Tag as ORG" action did it.
  local via_server = lede.tag(tbuf, 'ORG', { row - 1, s - 1 }, { row - 1, s - 1 + #'Harbour Authority' })
  check(via_server, 'the server offers a "Tag … as ORG" action for the selection')
  check(vim.api.nvim_buf_get_lines(tbuf, row - 1, row, false)[1]:find('[Harbour Authority]{ORG}', 1, true) ~= nil,
    'LedeTag via the server action gives [Harbour Authority]{ORG}', vim.api.nvim_buf_get_lines(tbuf, row - 1, row, false)[1])
  reload(vim.api.nvim_get_current_buf())
  -- The command itself, on the real visual marks.
  vim.api.nvim_win_set_cursor(0, { row, s - 1 })
  vim.cmd('normal! v' .. (#'Harbour Authority' - 1) .. 'l')
  vim.cmd('execute "normal! \\<Esc>"')
  vim.cmd("'<,'>LedeTag ORG")
  check(vim.api.nvim_buf_get_lines(tbuf, row - 1, row, false)[1]:find('[Harbour Authority]{ORG}', 1, true) ~= nil,
    ":'<,'>LedeTag ORG gives [Harbour Authority]{ORG}", vim.api.nvim_buf_get_lines(tbuf, row - 1, row, false)[1])
  local comp = vim.fn.getcompletion('LedeTag ', 'cmdline')
  check(vim.deep_equal(comp, { 'PER', 'ORG', 'LOC', 'MISC' }), 'LedeTag completes the labels of lede.toml', vim.inspect(comp))
  reload(vim.api.nvim_get_current_buf())
end

-- 5. Attached only to lede projects: not in a folder without lede.toml (a code
-- project's README), unless vim.g.lede_enable = true; never with false.
-- The negative waits give the client 3 s to show up: a bound on the check, not a speed claim.
local function stays_detached(buf)
  return not vim.wait(3000, function()
    return #vim.lsp.get_clients({ bufnr = buf, name = 'lede' }) > 0
  end, 50)
end
local plain = os.getenv('LEDE_PLAIN')
local rbuf = open(plain .. '/README.md')
check(vim.bo[rbuf].filetype == 'markdown', 'README.md has filetype markdown', vim.bo[rbuf].filetype)
check(stays_detached(rbuf), 'lede does not attach to README.md in a folder without lede.toml')
check(#vim.diagnostic.get(rbuf) == 0, 'README.md there gets no diagnostics')
vim.g.lede_enable = true
local nbuf = open(plain .. '/notes.txt')
local nclient = attached(nbuf)
if check(nclient ~= nil, 'with vim.g.lede_enable = true it attaches to notes.txt in that folder') then
  check(nclient.config.root_dir == plain, 'its root is the file\'s folder (no .git, no lede.toml)', tostring(nclient.config.root_dir))
  check(vim.wait(60000, function() return #vim.diagnostic.get(nbuf) > 0 end, 50), 'and publishes findings for it')
end
vim.g.lede_enable = false
vim.fn.writefile(vim.fn.readfile(plain .. '/notes.txt'), ws .. '/later.txt')
local lbuf = open(ws .. '/later.txt')
check(stays_detached(lbuf), 'with vim.g.lede_enable = false it does not attach even beside lede.toml')
vim.g.lede_enable = nil

finish()
