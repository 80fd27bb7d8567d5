-- Relations (issue 11) in the real Neovim with the real server: accept a
-- relation the engine suggests and link one it does not, through the
-- code-action menu (suggested ends accepted with them), see the relation in the hover of both ends and in the
-- agreement card, find it in the annotation file, jump to the other end
-- (<localleader>g), link by the relation picker (<localleader>k, then a key),
-- remove a relation by code action, and removing an end takes its relations
-- with it (said).
local h = dofile(vim.fs.joinpath(vim.fs.dirname(debug.getinfo(1, 'S').source:sub(2)), 'helpers.lua'))
local bin, plugin, seed = h.env('PACTUM_BIN'), h.env('PACTUM_PLUGIN'), h.env('PACTUM_SEED')

vim.opt.runtimepath:prepend(plugin)
vim.cmd('filetype on')
vim.o.more = false
local pactum = require('pactum')
pactum.setup({ server_path = bin })
vim.lsp.enable('pactum')

-- A text of our own beside the seed (same workspace).
local path = vim.fs.joinpath(vim.fs.dirname(seed), 'mou.txt')
vim.fn.writefile({
  'Kista Science Park signed a memorandum of understanding with Ascendas Plc on 26 September 2024.',
  '',
  'The MOU was signed by Dr Lena Berg, CEO of the park, in Stockholm.',
  '',
  'Under the accord, Ascendas Plc will open an office in Kista Science Park.',
}, path)
vim.cmd.edit(vim.fn.fnameescape(path))
local buf = vim.api.nvim_get_current_buf()
local client = h.wait_for_pactum(buf)

local function keys(k)
  vim.api.nvim_feedkeys(vim.api.nvim_replace_termcodes(k, true, false, true), 'xt', false)
end

local function goto(needle, offset)
  for row, line in ipairs(vim.api.nvim_buf_get_lines(buf, 0, -1, false)) do
    local s = line:find(needle, 1, true)
    if s then
      vim.api.nvim_win_set_cursor(0, { row, s - 1 + (offset or 1) })
      return
    end
  end
  error('not in the buffer: ' .. needle)
end

--- The annotation file's relations as "label head → child" (by end texts).
local function relations()
  local sc = h.read_json(path .. '.ann.json')
  local text = {}
  for _, a in ipairs(sc and sc.annotations or {}) do
    text[a.id] = a.text
  end
  local out = {}
  for _, r in ipairs(sc and sc.relations or {}) do
    table.insert(out, r.label .. ' ' .. tostring(text[r.head]) .. ' → ' .. tostring(text[r.child]) .. ' ' .. r.status)
  end
  table.sort(out)
  return out
end

local function has_relation(want)
  return function()
    return vim.tbl_contains(relations(), want)
  end
end

local function titles()
  local params = vim.lsp.util.make_range_params(0, client.offset_encoding)
  params.context = { diagnostics = {}, triggerKind = 1 }
  local res = vim.lsp.buf_request_sync(buf, 'textDocument/codeAction', params, 10000)
  local out = {}
  for _, a in ipairs(res and res[client.id] and res[client.id].result or {}) do
    table.insert(out, a.title)
  end
  return out
end

local function hover_text()
  local params = vim.lsp.util.make_position_params(0, client.offset_encoding)
  local res = vim.lsp.buf_request_sync(buf, 'textDocument/hover', params, 10000)
  local hv = res and res[client.id] and res[client.id].result
  return hv and hv.contents and hv.contents.value or ''
end

local function run_action(title)
  h.require(vim.tbl_contains(titles(), title), 'code actions offer "' .. title .. '"', titles())
  vim.lsp.buf.code_action({
    apply = true,
    filter = function(a)
      return a.title == title
    end,
  })
end

-- 1. accept the relation the engine suggests for the (suggested) ORG
goto('Ascendas Plc')
run_action('Accept relation: “Ascendas Plc” as party to “memorandum of understanding”')
local party = 'party memorandum of understanding → Ascendas Plc accepted'
h.check(h.wait(10000, has_relation(party)), 'the annotation file holds the accepted relation at once', relations())
local sc = h.read_json(path .. '.ann.json') or {}
h.check(#(sc.annotations or {}) == 2, 'both suggested ends were accepted with it', sc.annotations)

-- 1b. create one the engine does not suggest
goto('Ascendas Plc will')
run_action('Link as party to “accord”')
h.check(h.wait(10000, has_relation('party accord → Ascendas Plc accepted')), 'a relation created by code action is in the annotation file', relations())

-- 2. the hover of either end
goto('Ascendas Plc')
h.check(hover_text():find('- party of “memorandum of understanding” (line 1) — accepted', 1, true) ~= nil, 'hover on the ORG lists the relation', hover_text())
goto('memorandum')
local card = hover_text()
h.check(card:find('has party “Ascendas Plc” (line 1) — accepted', 1, true) ~= nil, 'hover on the instrument lists it too', card)
-- the card is the exported record: parties in text order, the suggested ones marked
h.check(card:match('\n%- Parties: [^\n]*Ascendas Plc %(ORG%)') ~= nil, 'the agreement card is built from the relation', card)

-- 3. go to the other end
goto('Ascendas Plc')
keys('\\g')
h.check(h.wait(10000, function()
  local cur = vim.api.nvim_win_get_cursor(0)
  local col = vim.api.nvim_buf_get_lines(buf, 0, 1, false)[1]:find('memorandum', 1, true) - 1
  return cur[1] == 1 and cur[2] == col
end), '<localleader>g jumps to the other end', vim.api.nvim_win_get_cursor(0))

-- 4. the relation picker: <localleader>k, then the key of "signatory of “MOU”"
goto('Lena Berg')
local real_getcharstr = vim.fn.getcharstr
local shown
vim.fn.getcharstr = function()
  -- the float is open: read its lines to find the key of the wanted choice
  for _, w in ipairs(vim.api.nvim_list_wins()) do
    if vim.api.nvim_win_get_config(w).relative ~= '' then
      shown = vim.api.nvim_buf_get_lines(vim.api.nvim_win_get_buf(w), 0, -1, false)
    end
  end
  for _, line in ipairs(shown or {}) do
    local key = line:match('^  (%d)  signatory of “MOU” %(suggested%)')
    if key then
      return key
    end
  end
  return '\27'
end
keys('\\k')
vim.fn.getcharstr = real_getcharstr
h.check(h.wait(10000, has_relation('signatory MOU → Lena Berg accepted')), '<localleader>k then its key links the signatory', { relations = relations(), picker = shown })

-- 5. remove a relation by code action
goto('Ascendas Plc')
run_action('Remove relation: “Ascendas Plc” as party to “memorandum of understanding”')
h.check(h.wait(10000, function()
  return not has_relation(party)()
end), 'the relation is gone from the annotation file', relations())

-- 6. removing an end removes its relations, and the user is told
goto('Lena Berg')
run_action('Remove annotation PERSON “Lena Berg”')
h.check(h.wait(10000, function()
  return not has_relation('signatory MOU → Lena Berg accepted')()
end), 'removing the PERSON removes its relation', relations())
-- the server's window/showMessage lands in the message history (nvim_echo)
h.check(h.wait(5000, function()
  return vim.fn.execute('messages'):find('removed relation signatory AGREEMENT “MOU” → PERSON “Lena Berg”', 1, true) ~= nil
end), 'the user is told which relation went', vim.fn.execute('messages'))

h.finish()
