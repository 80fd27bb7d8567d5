-- Keyboard-first labelling in the real Neovim with the real server, through
-- the default keymaps: the label picker (one key, the by-name fallback, the
-- "Change label…" code action), boundary fixes, set span to selection, the
-- uncertain suggestions, accepting a paragraph, the severity setting and the
-- bad input of each.
local h = dofile(vim.fs.joinpath(vim.fs.dirname(debug.getinfo(1, 'S').source:sub(2)), 'helpers.lua'))
local bin, plugin, seed = h.env('PACTUM_BIN'), h.env('PACTUM_PLUGIN'), h.env('PACTUM_SEED')

vim.opt.runtimepath:prepend(plugin)
vim.cmd('filetype on')
vim.o.more = false -- long pick lists must not stop at a -- More -- prompt
local pactum = require('pactum')
pactum.setup({ server_path = bin })
vim.lsp.enable('pactum')

-- messages the plugin shows, to check what the user is told
local messages = {}
local real_notify = vim.notify
vim.notify = function(msg, level)
  table.insert(messages, msg)
  real_notify(msg, level)
end
local function told(pattern)
  for _, m in ipairs(messages) do
    if m:find(pattern) then
      return true
    end
  end
  return false
end

vim.cmd.edit(vim.fn.fnameescape(seed))
local buf = vim.api.nvim_get_current_buf()
h.wait_for_pactum(buf)

local function keys(k)
  vim.api.nvim_feedkeys(vim.api.nvim_replace_termcodes(k, true, false, true), 'xt', false)
end

--- Puts `k` into the typeahead without running it: input for a prompt that
--- an asynchronous callback will open.
local function typeahead(k)
  vim.api.nvim_feedkeys(vim.api.nvim_replace_termcodes(k, true, false, true), 'nt', false)
end

--- (row, byte col) of the `nth` occurrence of `needle` in the buffer.
local function find(needle, nth)
  nth = nth or 1
  for row, line in ipairs(vim.api.nvim_buf_get_lines(buf, 0, -1, false)) do
    local from = 1
    while true do
      local s = line:find(needle, from, true)
      if not s then
        break
      end
      nth = nth - 1
      if nth == 0 then
        return row - 1, s - 1
      end
      from = s + 1
    end
  end
end

local function goto(needle, nth, offset)
  local row, col = find(needle, nth)
  vim.api.nvim_win_set_cursor(0, { row + 1, col + (offset or 0) })
end

local function annotation(pred)
  return h.sidecar_find(seed, pred)[1]
end

local function with_text(text, label, status)
  return function(a)
    return a.text == text and (label == nil or a.label == label) and a.status == (status or 'accepted')
  end
end

-- 1. the picker on a suggestion: one key relabels it
goto('Singapore Science Park', 2, 3)
keys('\\lo')
h.check(h.wait(10000, function()
  return annotation(with_text('Singapore Science Park', 'ORG')) ~= nil
end), '<localleader>l then o: the PARK suggestion becomes an accepted ORG', h.read_json(seed .. '.ann.json'))
local id = (annotation(with_text('Singapore Science Park', 'ORG')) or {}).id

-- the by-name fallback: <Tab> opens vim.ui.select (inputlist), 3 is PARK
keys('\\l<Tab>3<CR>')
h.check(h.wait(10000, function()
  local a = annotation(with_text('Singapore Science Park', 'PARK'))
  return a ~= nil and a.id == id
end), '<Tab> then 3<CR> picks PARK by name; the annotation keeps its id', h.read_json(seed .. '.ann.json'))

-- what the prompt shows: a float listing every entity label with its key,
-- in the schema's colour (read while the picker waits for its key)
local real_getcharstr = vim.fn.getcharstr
local shown, colour
vim.fn.getcharstr = function()
  for _, w in ipairs(vim.api.nvim_list_wins()) do
    if vim.api.nvim_win_get_config(w).relative ~= '' then
      local b = vim.api.nvim_win_get_buf(w)
      shown = vim.api.nvim_buf_get_lines(b, 0, -1, false)
      for _, m in ipairs(vim.api.nvim_buf_get_extmarks(b, -1, 0, -1, { details = true })) do
        local line = shown[m[2] + 1] or ''
        if line:sub(m[3] + 1, m[4].end_col):match('^PARK') then
          colour = vim.api.nvim_get_hl(0, { name = m[4].hl_group }).fg
        end
      end
    end
  end
  return '\27'
end
keys('\\l')
vim.fn.getcharstr = real_getcharstr
local listed = table.concat(shown or {}, '\n')
h.check(listed:find('Label “Singapore Science Park” (now PARK)', 1, true) ~= nil and listed:find('  k  PARK', 1, true) ~= nil
  and listed:find('  o  ORG', 1, true) ~= nil and listed:find('  %  PERCENT', 1, true) ~= nil, 'the prompt lists the labels with their keys', shown)
h.check(colour == tonumber('31a354', 16), 'PARK is shown in its schema colour', colour)
h.check(#vim.tbl_filter(function(w)
  return vim.api.nvim_win_get_config(w).relative ~= ''
end, vim.api.nvim_list_wins()) == 0, 'the float is closed after the key')

-- a key no label has: a message, no change
messages = {}
keys('\\l#')
h.check(told('no choice has the key'), 'an unknown key is answered with a message', messages)
h.check(annotation(with_text('Singapore Science Park', 'PARK')) ~= nil, '… and changes nothing')
-- <Esc> cancels
keys('\\l<Esc>')
h.check(annotation(with_text('Singapore Science Park', 'PARK')) ~= nil, '<Esc> cancels the picker')

-- 2. the picker on a word outside any span, then on a visual selection
goto('providers', 1, 2)
keys('\\lo')
h.check(h.wait(10000, function()
  return annotation(with_text('providers', 'ORG')) ~= nil
end), 'the word under the cursor is tagged')
goto('world-class providers', 1)
keys('v' .. #'world-class' .. 'l\\lo')
-- v + 11 l selects "world-class " (12 chars): the server trims the space
h.check(h.wait(10000, function()
  return annotation(with_text('world-class', 'ORG')) ~= nil
end), 'a visual selection is tagged (trimmed)', h.read_json(seed .. '.ann.json'))
h.check(vim.fn.mode() == 'n', 'visual mode is left')
-- :'<,'>PactumLabel on the last visual selection, ending in a multibyte character
goto('Europe’s', 1)
keys('v' .. (vim.fn.strchars('Europe’') - 1) .. 'l<Esc>')
keys(":'<,'>PactumLabel<CR>l")
h.check(h.wait(10000, function()
  return annotation(with_text('Europe’', 'LOC')) ~= nil
end), ":'<,'>PactumLabel labels the last selection up to its last (multibyte) character", h.read_json(seed .. '.ann.json'))

-- 3. bad input: an empty line, a selection crossing a span's edge
vim.api.nvim_win_set_cursor(0, { 2, 0 })
messages = {}
keys('\\l')
h.check(told('nothing to label here'), 'on an empty line: a clear message', messages)
goto('Ascendas, the parent', 1, 3)
messages = {}
keys('v8l\\l')
h.check(told('crosses the edge of ORG%? “Ascendas”'), 'a selection crossing a span edge: a clear message', messages)

-- 4. boundary fixes on a suggestion, keeping the label; the id survives
goto('26 September', 1)
keys('\\e')
h.check(h.wait(10000, function()
  return annotation(with_text('26 September.', 'DATE')) ~= nil
end), '<localleader>e extends the DATE suggestion to the next word (accepted)', h.read_json(seed .. '.ann.json'))
local date_id = (annotation(with_text('26 September.', 'DATE')) or {}).id
keys('\\E')
keys('\\b')
h.check(h.wait(10000, function()
  local a = annotation(with_text('on 26 September', 'DATE'))
  return a ~= nil and a.id == date_id
end), '<localleader>E then <localleader>b: "on 26 September", same id', h.read_json(seed .. '.ann.json'))
keys('\\B')
h.check(h.wait(10000, function()
  local a = annotation(with_text('26 September', 'DATE'))
  return a ~= nil and a.id == date_id
end), '<localleader>B shrinks at the start', h.read_json(seed .. '.ann.json'))
local r, c = find('26 September', 1)
local cur = vim.api.nvim_win_get_cursor(0)
h.check(cur[1] == r + 1 and cur[2] >= c, 'the cursor stays on the span', cur)

-- set span to selection: "reported on 26 September"
goto('reported on 26', 1)
keys('v' .. (#'reported on 26 September' - 1) .. 'l\\s')
h.check(h.wait(10000, function()
  local a = annotation(with_text('reported on 26 September', 'DATE'))
  return a ~= nil and a.id == date_id
end), 'visual <localleader>s sets the span to the selection, same id', h.read_json(seed .. '.ann.json'))

-- boundary fix where there is no span: a message
vim.api.nvim_win_set_cursor(0, { 2, 0 })
messages = {}
keys('\\e')
h.check(told('no span under the cursor'), 'a boundary fix with no span: a clear message', messages)

-- 5. the "Change label…" code action opens the same picker
goto('Ascendas', 1, 1)
local offered = {}
local client = pactum.client(buf)
local rparams = vim.lsp.util.make_range_params(0, client.offset_encoding)
rparams.context = { diagnostics = {}, triggerKind = 1 }
local res = vim.lsp.buf_request_sync(buf, 'textDocument/codeAction', rparams, 10000)
for _, a in ipairs(res and res[client.id] and res[client.id].result or {}) do
  table.insert(offered, a.title)
end
h.check(vim.tbl_contains(offered, 'Change label… (“Ascendas”)'), 'one "Change label…" code action', offered)
h.check(#vim.tbl_filter(function(t)
  return vim.startswith(t, 'Change label to')
end, offered) == 0, 'not one action per label', offered)
typeahead('k')
vim.lsp.buf.code_action({
  apply = true,
  filter = function(a)
    return a.title == 'Change label… (“Ascendas”)'
  end,
})
h.check(h.wait(10000, function()
  return annotation(with_text('Ascendas', 'PARK')) ~= nil
end), '"Change label…" then k: Ascendas relabelled PARK', h.read_json(seed .. '.ann.json'))

-- 6. uncertain suggestions (equal confidences: document order) and a paragraph
vim.api.nvim_win_set_cursor(0, { 2, 0 })
keys(']?')
local first = vim.api.nvim_win_get_cursor(0)
local on = false
for _, d in ipairs(h.diags(buf)) do
  if require('pactum.keys').is_suggestion(d) and d.lnum == first[1] - 1 and d.col == first[2] then
    on = true
  end
end
h.check(on and first[1] == 1, ']? from outside a suggestion goes to the first (least certain) one', first)
keys(']?')
local second = vim.api.nvim_win_get_cursor(0)
h.check(second[1] > first[1] or (second[1] == first[1] and second[2] > first[2]), ']? again: the next one', { first, second })
keys('[?')
h.check(vim.deep_equal(vim.api.nvim_win_get_cursor(0), first), '[? goes back', vim.api.nvim_win_get_cursor(0))

local title_suggestions = #vim.tbl_filter(function(d)
  return require('pactum.keys').is_suggestion(d) and d.lnum == 0
end, h.diags(buf))
vim.api.nvim_win_set_cursor(0, { 1, 2 })
keys('\\p')
h.check(h.wait(10000, function()
  return #vim.tbl_filter(function(d)
    return require('pactum.keys').is_suggestion(d) and d.lnum == 0
  end, h.diags(buf)) == 0
end), '<localleader>p accepts the title paragraph\'s ' .. title_suggestions .. ' suggestions')
h.check(#vim.tbl_filter(require('pactum.keys').is_suggestion, h.diags(buf)) > 0, '… and only those')

-- 7. severity: hints keep suggestions out of the problem list; they are still found
pactum.set_suggestion_severity('hint')
h.check(h.wait(10000, function()
  return #h.diags(buf, vim.diagnostic.severity.INFO) == 0
end), 'severity hint: no suggestion is an Information diagnostic')
local status = pactum.status(buf)
h.check(status:match('^Pactum [1-9]%d*%? [1-9]%d*✓') ~= nil, 'the status line still counts suggestions and accepted ones apart', status)
vim.api.nvim_win_set_cursor(0, { 2, 0 })
keys(']u')
local at = vim.api.nvim_win_get_cursor(0)
local is_sug = false
for _, d in ipairs(h.diags(buf)) do
  if require('pactum.keys').is_suggestion(d) and d.lnum == at[1] - 1 and d.col == at[2] then
    is_sug = true
  end
end
h.check(is_sug, ']u still jumps to suggestions (not to accepted annotations)', at)
vim.cmd('PactumSeverity information')
h.check(h.wait(10000, function()
  return #h.diags(buf, vim.diagnostic.severity.INFO) > 0
end), ':PactumSeverity information brings them back')
h.check(#vim.tbl_filter(function(d)
  return require('pactum.keys').is_accepted(d) and d.severity ~= vim.diagnostic.severity.HINT
end, h.diags(buf)) == 0, 'accepted annotations are always hints, never problems')

-- without usable keys (a schema whose labels have none), the picker is
-- vim.ui.select by name at once, without a key prompt
local asked
local real_select = vim.ui.select
vim.ui.select = function(items, opts, on_choice)
  asked = { n = #items, prompt = opts.prompt, first = opts.format_item(items[1]) }
  on_choice(items[2])
end
local picked
require('pactum.picker').ask({
  title = 'Label “Acme”',
  choices = { { name = 'PARTY', key = vim.NIL, description = 'A party.' }, { name = 'PLACE', description = 'A place.' } },
  apply = { command = 'pactum.setLabel', arguments = {} },
}, function(name)
  picked = name
end)
vim.ui.select = real_select
h.check(asked and asked.n == 2 and asked.prompt == 'Label “Acme”' and asked.first == 'PARTY — A party.' and picked == 'PLACE',
  'without keys the picker asks by name (vim.ui.select)', { asked = asked, picked = picked })

-- 8. :help pactum lists every default key, in one table
local doc = table.concat(vim.fn.readfile(plugin .. '/doc/pactum.txt'), '\n')
local section = doc:match('%*pactum%-keymaps%*(.-)=====') or ''
local missing = {}
for name, key in pairs(require('pactum.config').defaults.keymaps) do
  if not section:find(key, 1, true) then
    table.insert(missing, name .. ' ' .. key)
  end
end
h.check(#missing == 0, ':help pactum-keymaps lists every default key', missing)
local readme = table.concat(vim.fn.readfile(plugin .. '/../../README.md'), '\n')
local nvim_table = readme:match('### Neovim(.-)### Editor tests') or ''
missing = {}
for name, key in pairs(require('pactum.config').defaults.keymaps) do
  if not nvim_table:find('`' .. key .. '`', 1, true) then
    table.insert(missing, name .. ' ' .. key)
  end
end
h.check(#missing == 0, 'README.md\'s Neovim table lists every default key', missing)

h.finish()
