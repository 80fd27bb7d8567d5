-- The one picker of Pactum: shows a *choice set* the server built (title,
-- choices with name, key, colour, description; see server/lsp/src/choices.rs)
-- and runs the server command it names with the picked name. Labels for a
-- span are one use; relation labels when linking are another: any code that
-- gets a choice set from the server calls `require('pactum.picker').choose()`.
--
-- With keys: a floating list and a one-key prompt (getcharstr): the key of a
-- choice applies it at once; <Tab> or <CR> falls back to vim.ui.select by
-- name; <Esc> cancels. Without usable keys: vim.ui.select by name directly.
local M = {}

local function notify(msg, level)
  vim.notify('Pactum: ' .. msg, level or vim.log.levels.INFO)
end

local function present(v)
  return v ~= nil and v ~= vim.NIL
end

--- The highlight group showing a choice in its colour (defined on demand).
local function color_group(choice)
  if not present(choice.color) or not tostring(choice.color):match('^#%x+$') then
    return 'Identifier'
  end
  local group = 'PactumPick' .. tostring(choice.color):sub(2):lower()
  if vim.fn.hlexists(group) == 0 then
    vim.api.nvim_set_hl(0, group, { fg = choice.color, bold = true })
  end
  return group
end

--- The choices that have a usable key, by key.
local function keyed(set)
  local out, any = {}, false
  for _, c in ipairs(set.choices or {}) do
    if present(c.key) then
      out[c.key] = c
      any = true
    end
  end
  return any and out or nil
end

--- Picks by name through vim.ui.select; `on_pick(name)`.
function M.select(set, on_pick)
  vim.ui.select(set.choices or {}, {
    prompt = set.title,
    kind = 'pactum.choice',
    format_item = function(c)
      local key = present(c.key) and (' [' .. c.key .. ']') or ''
      local current = c.current and ' (current)' or ''
      return c.name .. key .. current .. ' — ' .. (c.description or '')
    end,
  }, function(c)
    if c then
      on_pick(c.name)
    end
  end)
end

--- Shows the choices in a float and reads one key. Returns the picked
--- choice's name, `'select'` for the by-name fallback, or nil (cancelled).
local function prompt(set, by_key)
  local lines, marks = { ' ' .. set.title }, {}
  local width = vim.fn.strdisplaywidth(lines[1]) + 1
  for i, c in ipairs(set.choices) do
    local key = present(c.key) and c.key or ' '
    local name = c.name .. (c.current and ' •' or '')
    local pad = string.rep(' ', math.max(1, 15 - vim.fn.strdisplaywidth(name)))
    local line = '  ' .. key .. '  ' .. name .. pad .. (c.description or '')
    lines[#lines + 1] = line
    marks[#marks + 1] = { row = i, key_end = 2 + #key, name_start = 4 + #key, name_end = 4 + #key + #c.name, group = color_group(c) }
    width = math.max(width, vim.fn.strdisplaywidth(line) + 1)
  end
  lines[#lines + 1] = '  <Tab> pick by name   <Esc> cancel'
  local buf = vim.api.nvim_create_buf(false, true)
  vim.api.nvim_buf_set_lines(buf, 0, -1, false, lines)
  local ns = vim.api.nvim_create_namespace('pactum.picker')
  vim.hl.range(buf, ns, 'Title', { 0, 0 }, { 0, -1 })
  vim.hl.range(buf, ns, 'Comment', { #lines - 1, 0 }, { #lines - 1, -1 })
  for _, m in ipairs(marks) do
    vim.hl.range(buf, ns, 'Special', { m.row, 2 }, { m.row, m.key_end })
    vim.hl.range(buf, ns, m.group, { m.row, m.name_start }, { m.row, m.name_end })
  end
  width = math.min(width, math.max(20, vim.o.columns - 4))
  local height = math.min(#lines, math.max(3, vim.o.lines - 4))
  local win = vim.api.nvim_open_win(buf, false, {
    relative = 'editor',
    row = math.max(0, vim.o.lines - height - 4),
    col = 1,
    width = width,
    height = height,
    style = 'minimal',
    border = 'rounded',
    title = ' Pactum ',
    noautocmd = true,
  })
  vim.cmd.redraw()
  local ok, ch = pcall(vim.fn.getcharstr)
  pcall(vim.api.nvim_win_close, win, true)
  pcall(vim.api.nvim_buf_delete, buf, { force = true })
  vim.cmd.redraw()
  if not ok or ch == '\27' or ch == '\3' then
    return nil
  end
  if ch == '\t' or ch == '\r' then
    return 'select'
  end
  local c = by_key[ch]
  if c then
    return c.name
  end
  notify(string.format('no choice has the key %q (<Tab> picks by name); nothing was changed', ch), vim.log.levels.WARN)
  return nil
end

--- Asks for a choice of `set`; `on_pick(name)` gets the picked name.
function M.ask(set, on_pick)
  if type(set) ~= 'table' or type(set.choices) ~= 'table' or #set.choices == 0 then
    notify('nothing to choose from', vim.log.levels.WARN)
    return
  end
  if present(set.keyNote) then
    notify(set.keyNote, vim.log.levels.WARN)
  end
  local by_key = keyed(set)
  if not by_key then
    return M.select(set, on_pick)
  end
  local picked = prompt(set, by_key)
  if picked == 'select' then
    M.select(set, on_pick)
  elseif picked then
    on_pick(picked)
  end
end

--- Asks for a choice of `set` and carries it out: runs `set.apply.command`
--- with `set.apply.arguments` plus `label = <name>` on `client`.
--- `on_done(result)` is called after the server applied it.
function M.choose(client, bufnr, set, on_done)
  M.ask(set, function(name)
    local args = vim.deepcopy(set.apply.arguments)
    args.label = name
    client:exec_cmd({ title = set.apply.command, command = set.apply.command, arguments = { args } }, { bufnr = bufnr }, function(err, result)
      if err then
        notify(err.message or vim.inspect(err), vim.log.levels.WARN)
      elseif on_done then
        on_done(result)
      end
    end)
  end)
end

return M
