-- Pactum for Neovim 0.11+: annotate plain text with the `pactum lsp` server.
--
--   require('pactum').setup({ ... })   -- commands, highlights, keymaps
--   vim.lsp.enable('pactum')           -- start the server for text buffers
--
-- or, configuring by hand, `require('pactum').start()` in a text buffer
-- (a wrapper around vim.lsp.start). See README.md, section "Editors".
local config = require('pactum.config')
local highlights = require('pactum.highlights')
local keys = require('pactum.keys')
local team = require('pactum.team')

local M = {}

local NAME = 'pactum'

local function notify(msg, level)
  vim.notify('Pactum: ' .. msg, level or vim.log.levels.INFO)
end

--- The Pactum client attached to `bufnr` (default: current buffer), or nil.
function M.client(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  return vim.lsp.get_clients({ bufnr = bufnr, name = NAME })[1]
end

local function need_client(bufnr)
  local client = M.client(bufnr)
  if not client then
    notify('no Pactum language server is attached to this buffer', vim.log.levels.WARN)
  end
  return client
end

--- Runs a server command (workspace/executeCommand) for the current buffer.
local function exec(command, arguments, on_done)
  local bufnr = vim.api.nvim_get_current_buf()
  local client = need_client(bufnr)
  if not client then
    return
  end
  client:exec_cmd({ title = command, command = command, arguments = { arguments } }, { bufnr = bufnr }, function(err, result)
    if err then
      notify(command .. ' failed: ' .. (err.message or vim.inspect(err)), vim.log.levels.ERROR)
    elseif on_done then
      on_done(result)
    end
  end)
end

local function cursor_args(client)
  local params = vim.lsp.util.make_position_params(0, client.offset_encoding)
  return { uri = params.textDocument.uri, position = params.position }
end

--- Accepts the suggestion under the cursor.
function M.accept()
  local client = need_client(0)
  if client then
    exec('pactum.acceptAt', cursor_args(client))
  end
end

--- Rejects the suggestion under the cursor (it is not suggested again).
function M.reject()
  local client = need_client(0)
  if client then
    exec('pactum.rejectAt', cursor_args(client))
  end
end

--- Accepts every suggestion in the current buffer.
function M.accept_all()
  exec('pactum.acceptAll', { uri = vim.uri_from_bufnr(vim.api.nvim_get_current_buf()) })
end

--- Exports the workspace's annotations as `format` (jsonl, spacy, conll, brat,
--- labelstudio) to `out` (a file, or a folder for brat). The server refuses
--- to replace an existing output unless `force` is true.
function M.export(format, out, include_suggestions, force)
  local path = vim.fs.normalize(vim.fn.fnamemodify(out, ':p'))
  local args = { format = format, out = path, includeSuggestions = include_suggestions or false, force = force or false }
  exec('pactum.export', args, function(result)
    local detail = type(result) == 'string' and result or (result ~= nil and vim.json.encode(result) or '')
    notify('exported ' .. format .. ' to ' .. path .. (detail ~= '' and (' — ' .. detail) or ''))
  end)
end

M.formats = { 'jsonl', 'spacy', 'conll', 'brat', 'labelstudio' }

local function diagnostic_namespace(bufnr)
  local client = M.client(bufnr)
  return client and vim.lsp.diagnostic.get_namespace(client.id, false) or nil
end

--- Moves to the next (count > 0) or previous (count < 0) suggestion,
--- wrapping around.
function M.jump(count)
  local ns = diagnostic_namespace(0)
  if not ns then
    need_client(0) -- tells the user why nothing happens
    return
  end
  -- Suggestions are told by their message (`ORG? “…”`): with the severity
  -- setting at 'hint' they share their severity with accepted annotations.
  local list = vim.tbl_filter(keys.is_suggestion, vim.diagnostic.get(0, { namespace = ns }))
  if #list == 0 then
    return notify('no suggestions left in this buffer')
  end
  table.sort(list, function(a, b)
    return a.lnum < b.lnum or (a.lnum == b.lnum and a.col < b.col)
  end)
  local cur = vim.api.nvim_win_get_cursor(0)
  local row, col = cur[1] - 1, cur[2]
  local function after(d)
    return d.lnum > row or (d.lnum == row and d.col > col)
  end
  local target
  for _ = 1, math.abs(count) do
    if count > 0 then
      target = list[1]
      for _, d in ipairs(list) do
        if after(d) then
          target = d
          break
        end
      end
    else
      target = list[#list]
      for i = #list, 1, -1 do
        local d = list[i]
        if d.lnum < row or (d.lnum == row and d.col < col) then
          target = d
          break
        end
      end
    end
    row, col = target.lnum, target.col
  end
  vim.api.nvim_win_set_cursor(0, { target.lnum + 1, target.col })
end

function M.next()
  M.jump(1)
end

function M.prev()
  M.jump(-1)
end

-- Keyboard-first labelling (lua/pactum/keys.lua).
M.label = keys.label
M.resize = keys.resize
M.set_span = keys.set_span
M.uncertain = keys.uncertain
M.accept_paragraph = keys.accept_paragraph
M.link = keys.link

--- Changes the severity of suggestions ('information' or 'hint'; nil: as
--- pactum.toml says) for the running servers.
function M.set_suggestion_severity(severity)
  config.options.suggestion_severity = severity
  for _, client in ipairs(vim.lsp.get_clients({ name = NAME })) do
    client.settings = vim.tbl_deep_extend('force', client.settings or {}, { pactum = config.server_settings() })
    client:notify('workspace/didChangeConfiguration', { settings = client.settings })
  end
end

--- Counts of suggestions and accepted annotations in `bufnr`.
function M.counts(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  local ns = diagnostic_namespace(bufnr)
  if not ns then
    return nil
  end
  local counts = { suggestions = 0, accepted = 0, stale = 0 }
  for _, d in ipairs(vim.diagnostic.get(bufnr, { namespace = ns })) do
    if keys.is_suggestion(d) then
      counts.suggestions = counts.suggestions + 1
    elseif keys.is_accepted(d) then
      counts.accepted = counts.accepted + 1
    elseif d.source == 'pactum' and d.severity == vim.diagnostic.severity.WARN then
      -- Not the Warnings of `pactum.compare` (adjudication): those are differences.
      counts.stale = counts.stale + 1
    end
  end
  return counts
end

--- A statusline component, e.g. `Pactum 12? 3✓` (`… done` once the document
--- is marked done); empty when not attached.
function M.status(bufnr)
  local c = M.counts(bufnr)
  if not c then
    return ''
  end
  local s = string.format('Pactum %d? %d✓', c.suggestions, c.accepted)
  if c.stale > 0 then
    s = s .. string.format(' %d!', c.stale)
  end
  if team.document_status(bufnr) == 'done' then
    s = s .. ' done'
  end
  return s
end

--- The document's review status: 'done', 'in_progress' or nil (not known yet).
M.document_status = team.document_status

--- Marks the current document done (recorded in its annotation file).
function M.mark_done()
  exec('pactum.markDone', { uri = vim.uri_from_bufnr(vim.api.nvim_get_current_buf()) }, function()
    notify('document marked done')
  end)
end

--- Reopens the current document (status back to in progress).
function M.reopen()
  exec('pactum.reopen', { uri = vim.uri_from_bufnr(vim.api.nvim_get_current_buf()) }, function()
    notify('document reopened')
  end)
end

--- Compares with another annotator's copy (a folder; nil stops comparing).
function M.compare(path)
  local arg = path and vim.fs.normalize(vim.fn.fnamemodify(path, ':p')) or vim.NIL
  exec('pactum.compareWith', { path = arg }, function(result)
    if path then
      notify(string.format('%d difference(s) with %s', result and result.differences or 0, arg))
    else
      notify('no longer comparing')
    end
  end)
end

--- Shows the workspace's progress; calls `on_done(progress)` when given.
function M.workspace_status(on_done)
  exec('pactum.workspaceStatus', {}, function(result)
    if type(result) ~= 'table' then
      return
    end
    if on_done then
      on_done(result)
    else
      local text = table.concat(team.format_progress(result), '\n'):gsub('^Pactum: ', '')
      notify(text)
    end
  end)
end

--- Starts (or reuses) the server for `bufnr` with vim.lsp.start, for users who
--- configure by hand instead of `vim.lsp.enable('pactum')`.
function M.start(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  local cfg = config.lsp_config()
  if vim.fn.executable(cfg.cmd[1]) == 0 then
    notify(
      string.format(
        "cannot run '%s'. Install Pactum (cargo install --path server/cli) or point the plugin at the binary: require('pactum').setup({ server_path = '/path/to/pactum' })",
        cfg.cmd[1]
      ),
      vim.log.levels.ERROR
    )
    return nil
  end
  local root = config.root_for(bufnr)
  if not root then
    return nil
  end
  return vim.lsp.start({
    name = NAME,
    cmd = cfg.cmd,
    root_dir = root,
    init_options = cfg.init_options,
    settings = cfg.settings,
    handlers = team.handlers,
  }, { bufnr = bufnr })
end

local function set_keymaps(bufnr)
  local maps = config.options.keymaps
  if not maps then
    return
  end
  local function map(key, fn, desc, modes)
    if key then
      vim.keymap.set(modes or 'n', key, fn, { buffer = bufnr, desc = 'Pactum: ' .. desc })
    end
  end
  map(maps.accept, M.accept, 'accept the suggestion under the cursor')
  map(maps.reject, M.reject, 'reject the suggestion under the cursor')
  map(maps.accept_all, M.accept_all, 'accept every suggestion in the buffer')
  map(maps.next, M.next, 'next suggestion')
  map(maps.prev, M.prev, 'previous suggestion')
  map(maps.label, function()
    keys.label()
  end, 'label the selection, or the span or word under the cursor', { 'n', 'x' })
  map(maps.extend_next, function()
    keys.resize('extendNext', vim.v.count1)
  end, 'extend the span to the next word ([count] words)')
  map(maps.extend_previous, function()
    keys.resize('extendPrevious', vim.v.count1)
  end, 'extend the span to the previous word ([count] words)')
  map(maps.shrink_end, function()
    keys.resize('shrinkEnd', vim.v.count1)
  end, 'shrink the span by a word at the end ([count] words)')
  map(maps.shrink_start, function()
    keys.resize('shrinkStart', vim.v.count1)
  end, 'shrink the span by a word at the start ([count] words)')
  map(maps.set_span, function()
    keys.set_span()
  end, 'set the span to the selection', 'x')
  map(maps.next_uncertain, function()
    keys.uncertain('next')
  end, 'next uncertain suggestion')
  map(maps.prev_uncertain, function()
    keys.uncertain('previous')
  end, 'previous uncertain suggestion')
  map(maps.accept_paragraph, keys.accept_paragraph, 'accept every suggestion in this paragraph')
  map(maps.link, function()
    keys.link()
  end, 'link the entity under the cursor (relation picker)')
  map(maps.other_end, vim.lsp.buf.definition, 'go to the other end of its relations')
end

local function complete_export(arglead, cmdline)
  local words = vim.split(cmdline, '%s+', { trimempty = true })
  local n = #words + (cmdline:match('%s$') and 1 or 0)
  if n <= 2 then
    return vim.tbl_filter(function(f)
      return vim.startswith(f, arglead)
    end, M.formats)
  end
  return vim.fn.getcompletion(arglead, 'file')
end

local function create_commands()
  local cmd = vim.api.nvim_create_user_command
  cmd('PactumAccept', M.accept, { desc = 'Accept the suggestion under the cursor' })
  cmd('PactumReject', M.reject, { desc = 'Reject the suggestion under the cursor' })
  cmd('PactumAcceptAll', M.accept_all, { desc = 'Accept every suggestion in the buffer' })
  cmd('PactumNext', M.next, { desc = 'Go to the next suggestion' })
  cmd('PactumPrev', M.prev, { desc = 'Go to the previous suggestion' })
  cmd('PactumExport', function(o)
    if #o.fargs ~= 2 then
      return notify('usage: :PactumExport[!] {format} {out}   (! also exports suggestions)', vim.log.levels.ERROR)
    end
    M.export(o.fargs[1], o.fargs[2], o.bang)
  end, { nargs = '+', bang = true, complete = complete_export, desc = 'Export the workspace annotations' })
  cmd('PactumDone', M.mark_done, { desc = 'Mark the document done' })
  cmd('PactumReopen', M.reopen, { desc = 'Reopen the document (in progress)' })
  cmd('PactumCompare', function(o)
    M.compare(o.fargs[1])
  end, { nargs = '?', complete = 'dir', desc = "Compare with another annotator's copy (no argument: stop)" })
  cmd('PactumStatus', function()
    M.workspace_status()
  end, { desc = "Show the workspace's annotation progress" })
  cmd('PactumStart', function()
    M.start()
  end, { desc = 'Start Pactum for this buffer (vim.lsp.start)' })
  -- With a range (:'<,'>PactumLabel), the last visual selection.
  local function given_range(o)
    if o.range == 0 then
      return nil
    end
    local client = M.client(0)
    if not client then
      return nil
    end
    return keys.last_selection_range(0, client.offset_encoding)
  end
  cmd('PactumLabel', function(o)
    keys.label({ range = given_range(o) })
  end, { range = true, desc = 'Label the selection, or the span or word under the cursor' })
  cmd('PactumLink', function()
    keys.link()
  end, { desc = 'Link the entity under the cursor: the relation picker' })
  cmd('PactumExtendNext', function()
    keys.resize('extendNext')
  end, { desc = 'Extend the span under the cursor to the next word' })
  cmd('PactumExtendPrev', function()
    keys.resize('extendPrevious')
  end, { desc = 'Extend the span under the cursor to the previous word' })
  cmd('PactumShrinkStart', function()
    keys.resize('shrinkStart')
  end, { desc = 'Shrink the span under the cursor by a word at the start' })
  cmd('PactumShrinkEnd', function()
    keys.resize('shrinkEnd')
  end, { desc = 'Shrink the span under the cursor by a word at the end' })
  cmd('PactumSetSpan', function(o)
    keys.set_span(given_range(o))
  end, { range = true, desc = 'Set the span the selection overlaps most to the selection' })
  cmd('PactumNextUncertain', function()
    keys.uncertain('next')
  end, { desc = 'Go to the next uncertain suggestion' })
  cmd('PactumPrevUncertain', function()
    keys.uncertain('previous')
  end, { desc = 'Go to the previous uncertain suggestion' })
  cmd('PactumAcceptParagraph', keys.accept_paragraph, { desc = 'Accept every suggestion in this paragraph' })
  cmd('PactumSeverity', function(o)
    local sev = o.args ~= '' and o.args or nil
    if sev and sev ~= 'information' and sev ~= 'hint' then
      return notify('usage: :PactumSeverity [information|hint]   (no argument: as pactum.toml says)', vim.log.levels.ERROR)
    end
    M.set_suggestion_severity(sev)
  end, {
    nargs = '?',
    complete = function()
      return { 'information', 'hint' }
    end,
    desc = 'Show suggestions as information or as hints',
  })
end

--- Sets up commands, highlight groups and (on attach) keymaps.
--- opts: { server_path?, require_config?, keymaps? } (see pactum.config).
function M.setup(opts)
  config.set(opts)
  -- Keep `vim.lsp.enable('pactum')` in step with the options given here.
  local lsp = config.lsp_config()
  vim.lsp.config(NAME, { cmd = lsp.cmd, init_options = lsp.init_options, settings = lsp.settings })
  -- The client command behind the server's "Change label…" code action.
  vim.lsp.commands['pactum.label'] = keys.label_command
  highlights.apply()
  create_commands()

  local group = vim.api.nvim_create_augroup('pactum', { clear = true })
  vim.api.nvim_create_autocmd('ColorScheme', {
    group = group,
    callback = function()
      highlights.apply()
    end,
  })
  vim.api.nvim_create_autocmd('LspAttach', {
    group = group,
    callback = function(ev)
      local client = vim.lsp.get_client_by_id(ev.data.client_id)
      if not client or client.name ~= NAME then
        return
      end
      -- A workspace schema brings its own labels and colours.
      local labels = highlights.labels_from_config(client.root_dir)
      if labels then
        highlights.apply(labels)
      end
      set_keymaps(ev.buf)
      if config.options.keep_eol then
        -- The server hashes its copy of the text when the buffer is saved.
        -- 'fixendofline' would add a final newline on disk that this copy
        -- lacks, so the annotation file would describe another text than
        -- the file; it would also change the bytes of the corpus text.
        vim.bo[ev.buf].fixendofline = false
      end
    end,
  })
end

return M
