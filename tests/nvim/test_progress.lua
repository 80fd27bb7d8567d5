-- Workspace indexing is reported with LSP work-done progress ($/progress):
-- Neovim's LspProgress event sees it begin and end, with the server's title
-- and the number of annotated files found.
local h = dofile(vim.fs.joinpath(vim.fs.dirname(debug.getinfo(1, 'S').source:sub(2)), 'helpers.lua'))
local bin, plugin, seed = h.env('PACTUM_BIN'), h.env('PACTUM_PLUGIN'), h.env('PACTUM_SEED')

-- Annotation files of other texts in the seed's folder (the workspace root).
local dir = vim.fs.dirname(seed)
local files = 7
for i = 1, files do
  local text = 'Kista Science Park signed an agreement.\n'
  vim.fn.writefile(vim.split(text, '\n', { plain = true }), dir .. '/other' .. i .. '.txt', 'b')
  local sidecar = {
    version = 1,
    schema = 'parks-v1',
    text_sha256 = vim.fn.sha256(text),
    annotations = {
      { id = 'a' .. i, start = 0, ['end'] = 18, label = 'PARK', status = 'accepted', text = 'Kista Science Park',
        context = { before = '', after = ' signed an agreement.\n' } },
    },
  }
  vim.fn.writefile({ vim.json.encode(sidecar) }, dir .. '/other' .. i .. '.txt.ann.json')
end

local seen = {}
vim.api.nvim_create_autocmd('LspProgress', {
  callback = function(ev)
    local value = ev.data and ev.data.params and ev.data.params.value or {}
    table.insert(seen, { kind = value.kind, title = value.title, message = value.message })
  end,
})

vim.opt.runtimepath:prepend(plugin)
vim.cmd('filetype on')
require('pactum').setup({ server_path = bin })
vim.lsp.enable('pactum')
vim.cmd.edit(vim.fn.fnameescape(seed))
local buf = vim.api.nvim_get_current_buf()
h.wait_for_pactum(buf)

local function find(kind)
  for _, p in ipairs(seen) do
    if p.kind == kind then
      return p
    end
  end
end
h.wait(15000, function()
  return find('end') ~= nil
end)
local begin, done = find('begin'), find('end')
h.check(begin ~= nil and begin.title == 'Pactum: indexing annotations', 'indexing begins with a titled progress', seen)
h.check(done ~= nil and (done.message or ''):find(files .. ' annotated files', 1, true) ~= nil,
  'indexing ends, counting the annotated files', seen)

h.finish()
