-- Configuration of the Pactum language server for Neovim 0.11+.
--
-- Neovim finds this file on 'runtimepath', so with the plugin installed
--   vim.lsp.enable('pactum')
-- starts `pactum lsp` for plain-text buffers. Override any field with
--   vim.lsp.config('pactum', { cmd = { '/path/to/pactum', 'lsp' } })
-- or through require('pactum').setup({ server_path = ... }).
return require('pactum.config').lsp_config()
