-- `:checkhealth pactum`
local M = {}

function M.check()
  vim.health.start('pactum')
  if vim.fn.has('nvim-0.11') == 1 then
    vim.health.ok('Neovim ' .. tostring(vim.version()))
  else
    vim.health.error('Neovim 0.11 or newer is required')
  end
  local path = require('pactum.config').server_path()
  if vim.fn.executable(path) == 1 then
    local out = vim.fn.system({ path, '--version' })
    vim.health.ok(string.format('%s: %s', vim.fn.exepath(path), vim.trim(out)))
  else
    vim.health.error(
      string.format("'%s' is not executable", path),
      { 'cargo install --path server/cli (from the Pactum repository)', "or require('pactum').setup({ server_path = '/path/to/pactum' })" }
    )
  end
end

return M
