-- The workspace learns (issue 10): a name tagged PARK in one file becomes a
-- PARK suggestion in another open file once the background learner has
-- retrained (no reopening, no save); the hover says why; "Forget what was
-- learned" brings the other file back to the engine's suggestions.
local h = dofile(vim.fs.joinpath(vim.fs.dirname(debug.getinfo(1, 'S').source:sub(2)), 'helpers.lua'))
local bin, plugin, seed = h.env('PACTUM_BIN'), h.env('PACTUM_PLUGIN'), h.env('PACTUM_SEED')

local dir = vim.fs.dirname(seed)
local name = 'Zyxtel'
local a_path, b_path = dir .. '/learn_a.txt', dir .. '/learn_b.txt'
vim.fn.writefile({ name .. ' hosted the meeting of the parks.' }, a_path)
vim.fn.writefile({ 'The delegation later visited ' .. name .. ' in Tallinn.' }, b_path)

vim.opt.runtimepath:prepend(plugin)
vim.cmd('filetype on')
require('pactum').setup({ server_path = bin })
vim.lsp.enable('pactum')

local learned = {}
vim.lsp.handlers['pactum/learned'] = function(_, params)
  table.insert(learned, params)
end

vim.cmd.edit(vim.fn.fnameescape(a_path))
local a = vim.api.nvim_get_current_buf()
local client = h.wait_for_pactum(a)
vim.cmd.split(vim.fn.fnameescape(b_path))
local b = vim.api.nvim_get_current_buf()
h.wait_for_pactum(b)

local wanted = 'PARK? “' .. name .. '”'
local function b_has_park()
  for _, d in ipairs(h.diags(b)) do
    if d.message == wanted then
      return d
    end
  end
end
h.check(b_has_park() == nil, 'the engine alone does not suggest PARK in the other file')

-- Tag the name in a.txt as PARK (what the label picker's pick runs).
local res = client:request_sync('workspace/executeCommand', {
  command = 'pactum.tag',
  arguments = { { uri = vim.uri_from_bufnr(a), label = 'PARK',
    range = { start = { line = 0, character = 0 }, ['end'] = { line = 0, character = #name } } } },
}, 10000, a)
h.require(res and not res.err, 'tagged in a.txt', res)

h.check(h.wait(20000, function()
  return b_has_park() ~= nil
end), 'the other open file shows the learnt suggestion', h.diags(b))
-- The notification follows the diagnostics it explains: it may still be on
-- its way when they show.
h.check(h.wait(5000, function()
  return #learned > 0 and learned[#learned].documents == 1
end), 'pactum/learned says what it learnt from', learned)

-- The hover on it says why.
local d = b_has_park()
if d then
  vim.api.nvim_set_current_buf(b)
  h.cursor_into(d)
  local params = vim.lsp.util.make_position_params(0, client.offset_encoding)
  local hres = vim.lsp.buf_request_sync(b, 'textDocument/hover', params, 10000)
  local hover = hres and hres[client.id] and hres[client.id].result
  local text = hover and hover.contents and hover.contents.value or ''
  h.check(text:find('accepted as PARK 1× in 1 file', 1, true) ~= nil, 'hover gives the provenance', text)

  -- Forget, through the code action the user picks.
  local rparams = vim.lsp.util.make_range_params(0, client.offset_encoding)
  rparams.context = { diagnostics = {}, triggerKind = 1 }
  local cres = vim.lsp.buf_request_sync(b, 'textDocument/codeAction', rparams, 10000)
  local forget
  for _, act in ipairs(cres and cres[client.id] and cres[client.id].result or {}) do
    if act.title == 'Forget what was learned about “' .. name .. '”' then
      forget = act
    end
  end
  h.require(forget ~= nil, 'code action "Forget what was learned"', cres)
  local fres = client:request_sync('workspace/executeCommand', forget.command, 10000, b)
  h.require(fres and not fres.err, 'forget ran', fres)
  h.check(h.wait(20000, function()
    return b_has_park() == nil
  end), 'after forgetting, the other file is back to the engine', h.diags(b))
  h.check(vim.fn.filereadable(dir .. '/.pactum/forget.json') == 1, 'the forget list is stored')
end

h.finish()
