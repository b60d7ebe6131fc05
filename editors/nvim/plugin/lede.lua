-- lede: commands on top of the language server (no mappings are set; see docs/editors.md).
--
--   :'<,'>LedeTag {label}   wrap the visual selection as [text]{label}, through the
--                            server's "Tag as {label}" code action when it offers one
--   :LedeFixAll              apply every safe fix of the buffer (source.fixAll.lede)
if vim.g.loaded_lede then
  return
end
vim.g.loaded_lede = true

local M = {}
local DEFAULT_LABELS = { 'PER', 'ORG', 'LOC', 'MISC' }

--- Whether a code action title is the server's "tag the selection as LABEL" action
--- ("Tag as ORG" or 'Tag "Hao Peng" as ORG'; not "Tag all … occurrences …").
function M.is_tag_title(title, label)
  return title == 'Tag as ' .. label or title:match('^Tag ".*" as (%S+)$') == label
end

local function lede_client(bufnr)
  return vim.lsp.get_clients({ bufnr = bufnr, name = 'lede' })[1]
end

--- Labels from the nearest lede.toml above the buffer, else the CoNLL default.
function M.labels(bufnr)
  local name = vim.api.nvim_buf_get_name(bufnr or 0)
  local found = vim.fs.find('lede.toml', { upward = true, path = vim.fs.dirname(name) })[1]
  if found then
    local f = io.open(found, 'r')
    if f then
      local text = f:read('*a')
      f:close()
      local list = text:match('\n%s*labels%s*=%s*(%b[])') or text:match('^%s*labels%s*=%s*(%b[])')
      if list then
        local labels = {}
        for l in list:gmatch('["\']([^"\']+)["\']') do
          table.insert(labels, l)
        end
        if #labels > 0 then
          return labels
        end
      end
    end
  end
  return DEFAULT_LABELS
end

--- Applies a code action (resolving it first when the server left out the edit).
local function apply_action(client, action, bufnr)
  if not action.edit and not action.command and client:supports_method('codeAction/resolve') then
    local res = client:request_sync('codeAction/resolve', action, 2000, bufnr)
    if res and res.result then
      action = res.result
    end
  end
  if action.edit then
    vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding)
  end
  local cmd = action.command
  if cmd then
    if type(cmd) == 'table' then
      client:exec_cmd(cmd, { bufnr = bufnr })
    end
  end
end

--- Code actions of the server for a range (0-based {row, col} byte positions, end exclusive).
local function code_actions(client, bufnr, start_pos, end_pos, only)
  local params = vim.lsp.util.make_given_range_params(
    { start_pos[1] + 1, start_pos[2] },
    { end_pos[1] + 1, end_pos[2] },
    bufnr,
    client.offset_encoding
  )
  -- make_given_range_params treats the end column as inclusive; we pass exclusive ends.
  local line = vim.api.nvim_buf_get_lines(bufnr, end_pos[1], end_pos[1] + 1, false)[1] or ''
  params.range['end'] = {
    line = end_pos[1],
    character = vim.lsp.util.character_offset(bufnr, end_pos[1], math.min(end_pos[2], #line), client.offset_encoding),
  }
  local diags = {}
  -- The lede diagnostics on the lines of the range, as the server sent them.
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    local overlaps = d.lnum <= end_pos[1] and (d.end_lnum or d.lnum) >= start_pos[1]
    if overlaps and d.user_data and d.user_data.lsp then
      table.insert(diags, d.user_data.lsp)
    end
  end
  params.context = { diagnostics = diags, only = only, triggerKind = 1 }
  local res, err = client:request_sync('textDocument/codeAction', params, 3000, bufnr)
  if not res then
    return nil, err or 'no response'
  end
  if res.err then
    return nil, res.err.message or vim.inspect(res.err)
  end
  return res.result or {}
end
M.code_actions = code_actions

--- Tags the text between two 0-based byte positions (end exclusive) as `label`.
function M.tag(bufnr, label, start_pos, end_pos)
  bufnr = bufnr == 0 and vim.api.nvim_get_current_buf() or bufnr
  local client = lede_client(bufnr)
  if client then
    local actions = code_actions(client, bufnr, start_pos, end_pos, { 'refactor' }) or {}
    for _, a in ipairs(actions) do
      if M.is_tag_title(a.title, label) then
        apply_action(client, a, bufnr)
        return true
      end
    end
  end
  -- No server, or it offered no such action: edit the buffer directly.
  local text = vim.api.nvim_buf_get_text(bufnr, start_pos[1], start_pos[2], end_pos[1], end_pos[2], {})
  text[1] = '[' .. text[1]:gsub('%[', '\\['):gsub('%]', '\\]')
  for i = 2, #text do
    text[i] = text[i]:gsub('%[', '\\['):gsub('%]', '\\]')
  end
  text[#text] = text[#text] .. ']{' .. label .. '}'
  vim.api.nvim_buf_set_text(bufnr, start_pos[1], start_pos[2], end_pos[1], end_pos[2], text)
  return false
end

--- Applies source.fixAll.lede to the buffer. Returns true when an action was applied.
function M.fix_all(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  local client = lede_client(bufnr)
  if not client then
    vim.notify('lede: no language server attached to this buffer', vim.log.levels.WARN)
    return false
  end
  local last = vim.api.nvim_buf_line_count(bufnr) - 1
  local last_line = vim.api.nvim_buf_get_lines(bufnr, last, last + 1, false)[1] or ''
  local actions, err = code_actions(client, bufnr, { 0, 0 }, { last, #last_line }, { 'source.fixAll.lede' })
  if not actions then
    vim.notify('lede: ' .. tostring(err), vim.log.levels.ERROR)
    return false
  end
  for _, a in ipairs(actions) do
    if a.kind and vim.startswith(a.kind, 'source.fixAll') then
      apply_action(client, a, bufnr)
      return true
    end
  end
  vim.notify('lede: nothing to fix', vim.log.levels.INFO)
  return false
end

vim.api.nvim_create_user_command('LedeTag', function(opts)
  local bufnr = vim.api.nvim_get_current_buf()
  local label = opts.args
  local s, e
  -- With a visual selection, use the '< and '> marks (charwise); otherwise whole lines.
  local vs, ve = vim.fn.getpos("'<"), vim.fn.getpos("'>")
  if opts.range > 0 and vs[2] == opts.line1 and ve[2] == opts.line2 and vim.fn.visualmode() == 'v' then
    local end_line = vim.api.nvim_buf_get_lines(bufnr, ve[2] - 1, ve[2], false)[1] or ''
    -- '> is the last selected byte; extend to the end of its (possibly multibyte) character.
    local end_col = math.min(ve[3], #end_line)
    if end_col < #end_line then
      end_col = end_col + vim.str_utf_end(end_line, end_col)
    end
    s, e = { vs[2] - 1, vs[3] - 1 }, { ve[2] - 1, end_col }
  else
    local last = vim.api.nvim_buf_get_lines(bufnr, opts.line2 - 1, opts.line2, false)[1] or ''
    s, e = { opts.line1 - 1, 0 }, { opts.line2 - 1, #last }
  end
  M.tag(bufnr, label, s, e)
end, {
  nargs = 1,
  range = true,
  desc = 'lede: tag the selection as an entity',
  complete = function(arglead)
    return vim.tbl_filter(function(l)
      return vim.startswith(l, arglead)
    end, M.labels(0))
  end,
})

vim.api.nvim_create_user_command('LedeFixAll', function()
  M.fix_all(0)
end, { desc = 'lede: apply every safe fix of the buffer' })

package.loaded['lede'] = M
