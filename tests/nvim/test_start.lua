-- Configuring by hand: require('pactum').start() (vim.lsp.start) without
-- vim.lsp.enable; highlight groups from the schema's colours; :PactumReject;
-- :PactumExport; the error for a missing binary.
local h = dofile(vim.fs.joinpath(vim.fs.dirname(debug.getinfo(1, 'S').source:sub(2)), 'helpers.lua'))
local bin, plugin, seed, schema_path = h.env('PACTUM_BIN'), h.env('PACTUM_PLUGIN'), h.env('PACTUM_SEED'), h.env('PACTUM_SCHEMA')

vim.opt.runtimepath:prepend(plugin)
local pactum = require('pactum')

-- 1. the built-in palette is the default schema's
local schema = h.read_json(schema_path)
local palette = require('pactum.palette')
local want, got = {}, {}
for _, l in ipairs(schema.labels) do
  table.insert(want, l.name .. ' ' .. l.kind .. ' ' .. (l.color or ''):lower())
end
for _, l in ipairs(palette) do
  table.insert(got, l.name .. ' ' .. l.kind .. ' ' .. l.color:lower())
end
h.check(vim.deep_equal(want, got), 'lua/pactum/palette.lua matches schemas/parks-v1.json', { want = want, got = got })

-- the help file builds its tags (in a copy: no tags file in the repo) and opens
local docs = vim.fn.tempname()
vim.fn.mkdir(docs .. '/doc', 'p')
vim.fn.writefile(vim.fn.readfile(plugin .. '/doc/pactum.txt'), docs .. '/doc/pactum.txt')
local tags_ok, tags_err = pcall(vim.cmd.helptags, docs .. '/doc')
vim.opt.runtimepath:append(docs)
local help_ok, help_err = pcall(vim.cmd.help, 'pactum-keymaps')
h.check(tags_ok and help_ok and vim.bo.buftype == 'help' and vim.api.nvim_get_current_line():find('pactum-keymaps', 1, true) ~= nil, ':help pactum-keymaps', { tags_err, help_err })
vim.cmd('silent! helpclose')
vim.fn.delete(docs, 'rf')

-- 2. a missing binary gives a clear error with the fix
local messages = {}
local real_notify = vim.notify
vim.notify = function(msg, level)
  table.insert(messages, { msg = msg, level = level })
end
pactum.setup({ server_path = '/nonexistent/pactum' })
vim.cmd.edit(vim.fn.fnameescape(seed))
local buf = vim.api.nvim_get_current_buf()
h.check(pactum.start(buf) == nil, 'start() with a missing binary returns nil')
h.check(#messages == 1 and messages[1].level == vim.log.levels.ERROR and messages[1].msg:find('server_path', 1, true) ~= nil,
  'missing binary reported with the fix', messages)
vim.notify = real_notify

-- 3. highlight groups per label, linked from the semantic-token groups
pactum.setup({ server_path = bin })
local wrong = {}
for _, l in ipairs(schema.labels) do
  local tok = l.name:lower()
  local sug = vim.api.nvim_get_hl(0, { name = '@lsp.typemod.' .. tok .. '.suggestion' })
  local acc = vim.api.nvim_get_hl(0, { name = '@lsp.typemod.' .. tok .. '.accepted', link = false })
  local color = tonumber(l.color:sub(2), 16)
  if not (sug.link and sug.link:match('^Pactum.*Suggestion$')) or not (acc.fg == color or acc.sp == color) then
    table.insert(wrong, { label = l.name, suggestion = sug, accepted = acc })
  end
end
h.check(#wrong == 0, 'every label: @lsp.typemod.<label>.suggestion/accepted highlighted in the schema colour', wrong)
h.check(vim.fn.exists(':PactumAcceptAll') == 2 and vim.fn.exists(':PactumExport') == 2 and vim.fn.exists(':PactumNext') == 2
  and vim.fn.exists(':PactumPrev') == 2, 'user commands defined')

-- 4. start by hand (no vim.lsp.enable, no filetype detection needed);
--    with require_config, only below a pactum.toml, whose schema brings its colours
vim.api.nvim_set_hl(0, 'PactumGpeAccepted', { fg = 0xabcdef }) -- a user's own choice
pactum.setup({ server_path = bin, require_config = true })
h.check(pactum.start(buf) == nil and #vim.lsp.get_clients() == 0, 'require_config: no start without pactum.toml')
local dir = vim.fs.dirname(seed)
local custom = vim.deepcopy(schema)
custom['$schema'] = nil
custom.id = 'parks-custom'
for _, l in ipairs(custom.labels) do
  if l.name == 'PARK' then
    l.color = '#123456'
  end
end
vim.fn.writefile({ vim.json.encode(custom) }, vim.fs.joinpath(dir, 'custom.json'))
vim.fn.writefile({ 'schema = "custom.json"' }, vim.fs.joinpath(dir, 'pactum.toml'))
local id = pactum.start(buf)
h.check(id ~= nil, 'start() returns a client id')
local client = h.wait_for_pactum(buf)
h.check(client.id == id and client.root_dir == dir, 'client rooted at the pactum.toml folder', client.root_dir)
h.check(vim.api.nvim_get_hl(0, { name = 'PactumParkAccepted' }).fg == 0x123456, 'colours of the workspace schema applied on attach',
  vim.api.nvim_get_hl(0, { name = 'PactumParkAccepted' }))
h.check(vim.api.nvim_get_hl(0, { name = 'PactumGpeAccepted' }).fg == 0xabcdef, "a user's highlight group is kept",
  vim.api.nvim_get_hl(0, { name = 'PactumGpeAccepted' }))
h.check(vim.fn.maparg(']u', 'n', false, true).buffer == 1, 'buffer keymap ]u set on attach')

-- 5. reject through the keymap: the suggestion goes, the sidecar records it
local target = h.pick_suggestion(buf)
h.require(target ~= nil, 'an entity suggestion to reject')
local label, text = target.code, h.covered(buf, target)
local start_cp = h.codepoint_offset(buf, target.lnum, target.col)
h.cursor_into(target)
vim.api.nvim_feedkeys(vim.api.nvim_replace_termcodes('<localleader>r', true, false, true), 'xt', false)
h.check(h.wait(10000, function()
  return #h.sidecar_find(seed, function(a)
    return a.status == 'rejected' and a.label == label and a.start == start_cp and a.text == text
  end) == 1
end), 'rejection saved in the sidecar', h.read_json(seed .. '.ann.json'))
h.check(h.wait(10000, function()
  for _, d in ipairs(h.diags(buf)) do
    if d.lnum == target.lnum and d.col == target.col and d.code == label then
      return false
    end
  end
  return true
end), 'rejected suggestion no longer shown', h.diags(buf))

-- 6. export the workspace (JSON lines) with the user command. The plugin
--    reports the outcome either way: a written file, or the server's error.
local out = vim.fs.joinpath(vim.fs.dirname(seed), 'export.jsonl')
local notes = {}
vim.notify = function(msg, level)
  table.insert(notes, { msg = msg, level = level })
end
vim.cmd('PactumExport! jsonl ' .. vim.fn.fnameescape(out))
h.wait(20000, function()
  return #notes > 0
end)
vim.notify = real_notify
local note = notes[1] or {}
if note.level == vim.log.levels.ERROR then
  -- a server without the export module answers with an error: it must reach the user
  h.log('# note: the server could not export: ' .. tostring(note.msg))
  h.check(note.msg:find('pactum.export failed', 1, true) ~= nil, ':PactumExport! reports the server error', notes)
else
  h.check(note.msg and note.msg:find('exported jsonl', 1, true) ~= nil, ':PactumExport! reports the export', notes)
  h.check(vim.fn.filereadable(out) == 1 and vim.fn.getfsize(out) > 0, ':PactumExport! writes the export file', out)
  local first = vim.fn.filereadable(out) == 1 and vim.fn.readfile(out)[1] or nil
  local ok, doc = pcall(vim.json.decode, first or '')
  h.check(ok and type(doc) == 'table' and type(doc.text) == 'string', 'export line is a JSON document with its text', first)
end

h.finish()
