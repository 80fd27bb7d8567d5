-- Annotating as a team in Neovim: with `compare_with` in pactum.toml, the
-- other annotator's differing annotation is a `pactum.compare` diagnostic;
-- "Take theirs" (the server's code action, applied through
-- vim.lsp.buf.code_action) writes it into my annotation file with my name;
-- "Mark document done" records the status, the statusline component shows
-- it, and :PactumStatus reports the workspace's progress.
local h = dofile(vim.fs.joinpath(vim.fs.dirname(debug.getinfo(1, 'S').source:sub(2)), 'helpers.lua'))
local bin, plugin, seed = h.env('PACTUM_BIN'), h.env('PACTUM_PLUGIN'), h.env('PACTUM_SEED')

-- The workspace: the seed's folder, with a pactum.toml naming me and the
-- other copy; the other copy holds the same text and boris's annotation.
local root = vim.fs.dirname(seed)
local name = vim.fs.basename(seed)
local theirs = root .. '_theirs'
vim.fn.mkdir(theirs, 'p')
local text = table.concat(vim.fn.readfile(seed, 'b'), '\n')
vim.fn.writefile(vim.fn.readfile(seed, 'b'), theirs .. '/' .. name, 'b')
vim.fn.writefile({ 'annotator = "anna"', 'compare_with = "../' .. vim.fs.basename(theirs) .. '"' }, root .. '/pactum.toml')
local needle = 'Technopolis'
local b = text:find(needle, 1, true)
local start = vim.fn.strchars(text:sub(1, b - 1))
local sidecar = {
  version = 1,
  schema = 'parks-v1',
  text_sha256 = vim.fn.sha256(text),
  annotations = {
    {
      id = 'b0b0b0b0b0b0',
      start = start,
      ['end'] = start + #needle,
      label = 'ORG',
      status = 'accepted',
      text = needle,
      context = { before = '', after = '' },
      by = 'boris',
    },
  },
}
vim.fn.writefile({ vim.json.encode(sidecar) }, theirs .. '/' .. name .. '.ann.json')

vim.opt.runtimepath:prepend(plugin)
vim.cmd('filetype on')
require('pactum').setup({ server_path = bin })
vim.lsp.enable('pactum')
vim.cmd.edit(vim.fn.fnameescape(seed))
local buf = vim.api.nvim_get_current_buf()
local client = h.wait_for_pactum(buf)
h.check(client.root_dir == root, 'the pactum.toml folder is the workspace root', client.root_dir)

local function compare_diags()
  local out = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    if d.source == 'pactum.compare' then
      table.insert(out, d)
    end
  end
  return out
end
h.require(h.wait(15000, function()
  return #compare_diags() > 0
end), 'the other copy\'s annotation is shown as a pactum.compare diagnostic', vim.diagnostic.get(buf))
local d = compare_diags()[1]
h.check(d.message == 'boris: ORG “Technopolis” — not in mine', 'its message names the annotator, label and text', d.message)
h.check(d.severity == vim.diagnostic.severity.WARN, 'a Warning of its own source', d.severity)
h.check(h.covered(buf, d) == needle, 'it covers their span', h.covered(buf, d))
h.check(require('pactum').status(buf):find('done', 1, true) == nil, 'statusline: not done yet', require('pactum').status(buf))
local counts = require('pactum').counts(buf)
h.check(counts.stale == 0 and not require('pactum').status(buf):find('!', 1, true),
  'a difference is neither a stale annotation nor counted as one', { counts = counts, status = require('pactum').status(buf) })
local suggested = 0
for _, x in ipairs(vim.diagnostic.get(buf)) do
  if x.source == 'pactum' and x.message:find('^%u[%u%d_-]*%? “') then
    suggested = suggested + 1
  end
end
h.check(suggested > 0 and counts.suggestions == suggested, 'the statusline counts the suggestions, not the difference',
  { counts = counts, suggested = suggested })
h.check(h.wait(5000, function()
  return require('pactum').document_status(buf) == 'in_progress'
end), 'document status in progress (pactum/documentStatus)', require('pactum').document_status(buf))

-- "Take theirs" through the user's entry point.
vim.api.nvim_win_set_cursor(0, { d.lnum + 1, d.col })
vim.lsp.buf.code_action({
  apply = true,
  filter = function(a)
    return vim.startswith(a.title, 'Take theirs')
  end,
})
local function mine(pred)
  return h.sidecar_find(seed, pred)
end
h.check(h.wait(10000, function()
  return #mine(function(a)
    return a.label == 'ORG' and a.text == needle and a.start == start and a.status == 'accepted'
  end) == 1
end), 'Take theirs writes their ORG into my annotation file', h.read_json(seed .. '.ann.json'))
local taken = mine(function(a)
  return a.text == needle
end)[1]
h.check(taken and taken.by == 'anna', 'recorded as changed by me (pactum.toml annotator)', taken)
h.check(h.wait(10000, function()
  return #compare_diags() == 0
end), 'no difference left', compare_diags())

-- "Mark document done" (a code action of the server).
vim.api.nvim_win_set_cursor(0, { 1, 0 })
vim.lsp.buf.code_action({
  apply = true,
  filter = function(a)
    return a.title == 'Mark document done'
  end,
})
h.check(h.wait(10000, function()
  local sc = h.read_json(seed .. '.ann.json')
  return sc and sc.document and sc.document.status == 'done'
end), 'the annotation file records the document as done', h.read_json(seed .. '.ann.json'))
local sc = h.read_json(seed .. '.ann.json')
h.check(sc.document.by == 'anna' and type(sc.document.at) == 'string', 'by me, with a time', sc.document)
h.check(h.wait(5000, function()
  return require('pactum').status(buf):find('done', 1, true) ~= nil
end), 'the statusline component shows done', require('pactum').status(buf))

-- :PactumDone / :PactumReopen, and :PactumStatus.
vim.cmd('PactumReopen')
h.check(h.wait(10000, function()
  return require('pactum').document_status(buf) == 'in_progress'
end), ':PactumReopen reopens', require('pactum').document_status(buf))
vim.cmd('PactumDone')
h.check(h.wait(10000, function()
  return require('pactum').document_status(buf) == 'done'
end), ':PactumDone marks done', require('pactum').document_status(buf))
local shown = {}
local notify = vim.notify
vim.notify = function(msg, ...)
  table.insert(shown, msg)
  return notify(msg, ...)
end
vim.cmd('PactumStatus')
h.check(h.wait(10000, function()
  for _, m in ipairs(shown) do
    if m:find('1/1 documents done', 1, true) and m:find('anna', 1, true) then
      return true
    end
  end
end), ':PactumStatus reports the workspace progress', shown)
vim.notify = notify
h.finish()
