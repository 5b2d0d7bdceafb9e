-- Neovim (0.7+) as a second LSP client of dist/server.js, run headless by test/nvim/nvim.test.ts:
--   LVS_NVIM_SERVER=dist/server.js LVS_NVIM_FILE=<copy of keepalived-backup.conf> LVS_NVIM_OUT=<results.json> \
--   nvim --headless --clean -c 'luafile test/nvim/lsp.lua'
-- Starts the server with vim.lsp.start_client, attaches it to the file's buffer, checks the `invalid-value`
-- diagnostic on `state backup`, requests its quick fix, applies it and checks the diagnostic goes away.
-- Writes { nvim, checks = [{ name, ok, detail }] } to LVS_NVIM_OUT; exits 0 when every check passed, 1 otherwise.

local server = assert(os.getenv('LVS_NVIM_SERVER'), 'LVS_NVIM_SERVER not set')
local file = assert(os.getenv('LVS_NVIM_FILE'), 'LVS_NVIM_FILE not set')
local out = assert(os.getenv('LVS_NVIM_OUT'), 'LVS_NVIM_OUT not set')
local node = os.getenv('LVS_NVIM_NODE') or 'node'
local timeout = tonumber(os.getenv('LVS_NVIM_TIMEOUT') or '20000')

local checks = {}
local function check(name, ok, detail)
  table.insert(checks, { name = name, ok = ok and true or false, detail = detail ~= nil and tostring(detail) or '' })
  return ok
end

local encode = (vim.json and vim.json.encode) or vim.fn.json_encode

local function finish()
  local v = vim.version()
  local f = io.open(out, 'w')
  if f then
    f:write(encode({ nvim = string.format('%d.%d.%d', v.major, v.minor, v.patch), checks = checks }))
    f:close()
  end
  local failed = #checks == 0
  for _, c in ipairs(checks) do
    if not c.ok then failed = true end
  end
  if failed then vim.cmd('cq') else vim.cmd('qa!') end
end

local function state_diagnostics(bufnr, line)
  local found = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if d.lnum == line and d.code == 'invalid-value' then table.insert(found, d) end
  end
  return found
end

local function run()
  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  local bufnr = vim.api.nvim_get_current_buf()
  vim.bo[bufnr].filetype = 'keepalived'

  local line -- 0-based line of `state backup`
  for i, text in ipairs(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)) do
    if text:match('^%s*state%s+backup%s*$') then line = i - 1 break end
  end
  if not check('file has `state backup`', line ~= nil, file) then return end

  local client_id = vim.lsp.start_client({
    name = 'lvs-config',
    cmd = { node, server, '--stdio' },
    root_dir = vim.fn.fnamemodify(file, ':p:h'),
    flags = { debounce_text_changes = 50 },
  })
  if not check('start_client', client_id ~= nil, client_id) then return end
  check('buf_attach_client', vim.lsp.buf_attach_client(bufnr, client_id))

  local initialized = vim.wait(timeout, function()
    local c = vim.lsp.get_client_by_id(client_id)
    return c ~= nil and c.initialized == true
  end, 50)
  local client = vim.lsp.get_client_by_id(client_id)
  if not check('server initialized', initialized and client ~= nil) then return end
  check('server advertises code actions', client.server_capabilities and client.server_capabilities.codeActionProvider ~= nil,
    vim.inspect(client.server_capabilities and client.server_capabilities.codeActionProvider))

  -- Diagnostics: the invalid-value error on `state backup`.
  vim.wait(timeout, function() return #state_diagnostics(bufnr, line) > 0 end, 50)
  local diags = state_diagnostics(bufnr, line)
  local all = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    table.insert(all, string.format('%d:%d %s %s', d.lnum + 1, d.col + 1, tostring(d.code), d.message))
  end
  if not check('diagnostic invalid-value on `state backup`', #diags == 1, table.concat(all, '\n')) then return end
  local d = diags[1]
  check('diagnostic is an error', d.severity == vim.diagnostic.severity.ERROR, d.severity)
  check("diagnostic message says it must be written 'BACKUP'", d.message:find("must be written 'BACKUP'", 1, true) ~= nil, d.message)
  check('diagnostic range is the word `backup`', vim.api.nvim_buf_get_text(bufnr, d.lnum, d.col, d.end_lnum, d.end_col, {})[1] == 'backup',
    string.format('%d:%d-%d:%d', d.lnum, d.col, d.end_lnum, d.end_col))

  -- The code action at that range, with the diagnostic (and its data) as context, as vim.lsp.buf.code_action sends it.
  local lsp_diag = vim.tbl_extend('keep', {
    range = { start = { line = d.lnum, character = d.col }, ['end'] = { line = d.end_lnum, character = d.end_col } },
    severity = 1,
    message = d.message,
    source = d.source,
    code = d.code,
  }, d.user_data and d.user_data.lsp or {})
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    range = lsp_diag.range,
    context = { diagnostics = { lsp_diag } },
  }
  local resp, err = client.request_sync('textDocument/codeAction', params, timeout, bufnr)
  if not check('codeAction request answered', resp ~= nil and resp.err == nil, vim.inspect(err or (resp and resp.err))) then return end
  local titles, action = {}, nil
  for _, a in ipairs(resp.result or {}) do
    table.insert(titles, a.title)
    if a.title == 'Change to `BACKUP`' then action = a end
  end
  if not check('quick fix "Change to `BACKUP`" offered', action ~= nil, table.concat(titles, ' | ')) then return end
  check('quick fix kind is quickfix', action.kind == 'quickfix', action.kind)
  if not check('quick fix carries an edit', action.edit ~= nil, action.edit == nil and vim.inspect(action) or '') then return end

  vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding)
  local text = vim.api.nvim_buf_get_lines(bufnr, line, line + 1, false)[1]
  check('buffer line is `state BACKUP` after the edit', text:match('^%s*state BACKUP$') ~= nil, text)

  -- The change reaches the server (didChange) and the re-analysis clears that diagnostic, and only that one.
  local others = #vim.diagnostic.get(bufnr) - 1
  local cleared = vim.wait(timeout, function()
    return #state_diagnostics(bufnr, line) == 0 and #vim.diagnostic.get(bufnr) == others
  end, 50)
  check('diagnostic gone after the change, the others kept', cleared,
    string.format('%d on `state`, %d in all (want 0, %d)', #state_diagnostics(bufnr, line), #vim.diagnostic.get(bufnr), others))
  check('server still running', not vim.lsp.client_is_stopped(client_id))
  client.stop()
end

local ok, err = xpcall(run, debug.traceback)
check('script ran without a Lua error', ok, err)
finish()
