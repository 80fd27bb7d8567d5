-- Keyboard-first labelling: the label picker, boundary fixes, the uncertain
-- suggestions and accepting a paragraph. Each is a server command (see
-- ARCHITECTURE.md, "keyboard commands"); this module only finds the cursor or
-- selection, shows the server's choices and moves the cursor where the
-- server says. Requests whose answer the next key depends on are made
-- synchronously (they take a few milliseconds), so typed-ahead keys act on
-- the result.
local picker = require('pactum.picker')

local M = {}

local TIMEOUT_MS = 5000

local function notify(msg, level)
  vim.notify('Pactum: ' .. msg, level or vim.log.levels.INFO)
end

local function client_for(bufnr)
  local client = require('pactum').client(bufnr)
  if not client then
    notify('no Pactum language server is attached to this buffer', vim.log.levels.WARN)
  end
  return client
end

--- Runs a server command and waits for its answer: result, or nil after
--- telling the user why (the server's message says what and what to do).
local function run_sync(client, bufnr, command, args)
  local res, err = client:request_sync('workspace/executeCommand', { command = command, arguments = { args } }, TIMEOUT_MS, bufnr)
  if not res then
    notify(command .. ': ' .. tostring(err or 'no answer'), vim.log.levels.ERROR)
    return nil, true
  end
  if res.err then
    notify(res.err.message or vim.inspect(res.err), vim.log.levels.WARN)
    return nil, true
  end
  return res.result, false
end

--- LSP position of (0-based row, 0-based byte col) in the client's encoding.
local function lsp_position(bufnr, row, col, encoding)
  local line = vim.api.nvim_buf_get_lines(bufnr, row, row + 1, false)[1] or ''
  col = math.min(col, #line)
  return { line = row, character = vim.str_utfindex(line, encoding, col, false) }
end

--- (1-based row, 0-based byte col) of an LSP position.
local function buffer_position(bufnr, pos, encoding)
  local line = vim.api.nvim_buf_get_lines(bufnr, pos.line, pos.line + 1, false)[1] or ''
  local ok, col = pcall(vim.str_byteindex, line, encoding, pos.character, false)
  return { pos.line + 1, ok and col or #line }
end

local function cursor_position(bufnr, encoding)
  local cur = vim.api.nvim_win_get_cursor(0)
  return lsp_position(bufnr, cur[1] - 1, cur[2], encoding)
end

local function is_visual(mode)
  return mode == 'v' or mode == 'V' or mode == '\22'
end

--- The selection between getpos() positions `a` and `b` in visual `mode`
--- as an LSP range (end exclusive: up to the last byte of its last character).
local function selection_range(bufnr, encoding, a, b, mode)
  if a[2] > b[2] or (a[2] == b[2] and a[3] > b[3]) then
    a, b = b, a
  end
  local srow, scol, erow = a[2] - 1, a[3] - 1, b[2] - 1
  local eline = vim.api.nvim_buf_get_lines(bufnr, erow, erow + 1, false)[1] or ''
  local ecol
  if mode == 'V' then
    scol, ecol = 0, #eline
  else
    -- the selection includes the character under its end: up to its last byte
    local last = math.min(b[3], math.max(#eline, 1))
    ecol = #eline == 0 and 0 or (last + vim.str_utf_end(eline, last))
  end
  return { start = lsp_position(bufnr, srow, scol, encoding), ['end'] = lsp_position(bufnr, erow, ecol, encoding) }
end

--- The visual selection as an LSP range, and leaves visual mode.
local function visual_range(bufnr, encoding)
  local mode, a, b = vim.fn.mode(), vim.fn.getpos('v'), vim.fn.getpos('.')
  vim.cmd('normal! \27')
  return selection_range(bufnr, encoding, a, b, mode)
end

--- The last visual selection ('< and '> marks) as an LSP range, for
--- commands given a range (`:'<,'>PactumLabel`).
function M.last_selection_range(bufnr, encoding)
  return selection_range(bufnr, encoding, vim.fn.getpos("'<"), vim.fn.getpos("'>"), vim.fn.visualmode())
end

--- The range the picker and "set span" act on: an explicit `range`, the
--- visual selection, or the cursor.
local function current_range(bufnr, encoding, range)
  if range then
    return range
  end
  if is_visual(vim.fn.mode()) then
    return visual_range(bufnr, encoding)
  end
  local p = cursor_position(bufnr, encoding)
  return { start = p, ['end'] = p }
end

--- Moves the cursor to `cursor` (where the span is the innermost one, as the
--- server says; else the start of `range`) unless it already lies in `range`.
local function keep_cursor_in(bufnr, range, encoding, cursor)
  if not range then
    return
  end
  local s = buffer_position(bufnr, range.start, encoding)
  local e = buffer_position(bufnr, range['end'], encoding)
  local cur = vim.api.nvim_win_get_cursor(0)
  local before = cur[1] < s[1] or (cur[1] == s[1] and cur[2] < s[2])
  local after = cur[1] > e[1] or (cur[1] == e[1] and cur[2] > e[2])
  if before or after then
    vim.api.nvim_win_set_cursor(0, cursor and buffer_position(bufnr, cursor, encoding) or s)
  end
end

--- The label picker on the selection, or on the span or word under the
--- cursor. `opts.range` (LSP range) overrides both (the "Change label…"
--- code action passes the span's).
function M.label(opts)
  opts = opts or {}
  local bufnr = opts.bufnr or vim.api.nvim_get_current_buf()
  local client = client_for(bufnr)
  if not client then
    return
  end
  local range = current_range(bufnr, client.offset_encoding, opts.range)
  local set = run_sync(client, bufnr, 'pactum.labelChoices', { uri = vim.uri_from_bufnr(bufnr), range = range })
  if set then
    picker.choose(client, bufnr, set, opts.on_done)
  end
end

--- Moves one edge of the span under the cursor by a word, or by `count`
--- words: `change` is 'extendNext', 'extendPrevious', 'shrinkStart' or
--- 'shrinkEnd'.
function M.resize(change, count)
  local bufnr = vim.api.nvim_get_current_buf()
  local client = client_for(bufnr)
  if not client then
    return
  end
  local enc = client.offset_encoding
  local result = run_sync(client, bufnr, 'pactum.resizeSpan', { uri = vim.uri_from_bufnr(bufnr), position = cursor_position(bufnr, enc), change = change, count = count or 1 })
  if result then
    keep_cursor_in(bufnr, result.range, enc, result.cursor)
  end
end

--- Sets the span the selection overlaps most to the selection.
function M.set_span(range)
  local bufnr = vim.api.nvim_get_current_buf()
  local client = client_for(bufnr)
  if not client then
    return
  end
  local enc = client.offset_encoding
  range = current_range(bufnr, enc, range)
  local result = run_sync(client, bufnr, 'pactum.setSpan', { uri = vim.uri_from_bufnr(bufnr), range = range })
  if result then
    keep_cursor_in(bufnr, result.range, enc, result.cursor)
  end
end

--- Goes to the next (`direction` 'next') or previous ('previous') uncertain
--- suggestion: least confident first.
function M.uncertain(direction)
  local bufnr = vim.api.nvim_get_current_buf()
  local client = client_for(bufnr)
  if not client then
    return
  end
  local enc = client.offset_encoding
  local result, failed = run_sync(client, bufnr, 'pactum.uncertain', { uri = vim.uri_from_bufnr(bufnr), position = cursor_position(bufnr, enc), direction = direction })
  if failed then
    return
  end
  if not result then
    return notify('no suggestions left in this buffer')
  end
  vim.api.nvim_win_set_cursor(0, buffer_position(bufnr, result.range.start, enc))
end

--- Accepts every suggestion of the paragraph under the cursor.
function M.accept_paragraph()
  local bufnr = vim.api.nvim_get_current_buf()
  local client = client_for(bufnr)
  if not client then
    return
  end
  local result = run_sync(client, bufnr, 'pactum.acceptParagraph', { uri = vim.uri_from_bufnr(bufnr), position = cursor_position(bufnr, client.offset_encoding) })
  if result then
    notify(string.format('accepted %d suggestion(s) in this paragraph', result.accepted or 0))
  end
end

--- The relation picker on the entity under the cursor: its suggested
--- relations and the links the schema allows in its sentence, by key.
function M.link(opts)
  opts = opts or {}
  local bufnr = opts.bufnr or vim.api.nvim_get_current_buf()
  local client = client_for(bufnr)
  if not client then
    return
  end
  local set = run_sync(client, bufnr, 'pactum.relationChoices', { uri = vim.uri_from_bufnr(bufnr), position = cursor_position(bufnr, client.offset_encoding) })
  if set then
    picker.choose(client, bufnr, set, opts.on_done)
  end
end

--- Handler of the client command `pactum.label` that the server's
--- "Change label…" and "Tag selection…" code actions carry.
function M.label_command(command, ctx)
  local args = command.arguments and command.arguments[1] or {}
  M.label({ bufnr = ctx.bufnr, range = args.range })
end

--- Whether a Pactum diagnostic is an engine suggestion (`ORG? “…”`); with
--- the severity setting, severity alone cannot tell suggestions from
--- accepted annotations.
function M.is_suggestion(d)
  return d.source == 'pactum' and type(d.message) == 'string' and d.message:match('^[%u][%u%d_-]*%? “') ~= nil
end

function M.is_accepted(d)
  return d.source == 'pactum' and d.severity == vim.diagnostic.severity.HINT and type(d.message) == 'string'
    and d.message:match('^[%u][%u%d_-]* “') ~= nil
end

return M
