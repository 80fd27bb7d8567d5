-- Options of the Pactum plugin and the language-server configuration built
-- from them (shared by `vim.lsp.enable('pactum')` and `require('pactum').start()`).
local M = {}

M.defaults = {
  -- The `pactum` binary; nil means vim.g.pactum_server_path, else `pactum` on PATH.
  server_path = nil,
  -- Attach only in workspaces whose root holds a `pactum.toml`.
  require_config = false,
  -- Save texts without adding a final newline they lack ('nofixendofline'),
  -- so that the saved file is the text the annotation offsets refer to.
  keep_eol = true,
  -- How suggestions are shown: 'information' (listed with other problems) or
  -- 'hint' (underlined only); nil leaves it to the workspace's pactum.toml.
  suggestion_severity = nil,
  -- The server's "Change label…" / "Tag selection…" code actions open the
  -- label picker; false: one code action per label instead.
  label_picker = true,
  -- Schema files outside the workspace a workspace's pactum.toml may name
  -- (others are refused: a cloned repository must not make Pactum read
  -- elsewhere), e.g. { '/home/me/schemas/parks-v2.json' }.
  trusted_paths = {},
  -- Buffer-local keymaps set when Pactum attaches; `false` turns them all
  -- off, `false` for one entry turns that one off.
  keymaps = {
    accept = '<localleader>a',
    reject = '<localleader>r',
    accept_all = '<localleader>A',
    next = ']u',
    prev = '[u',
    label = '<localleader>l', -- normal and visual mode
    extend_next = '<localleader>e',
    extend_previous = '<localleader>b',
    shrink_end = '<localleader>E',
    shrink_start = '<localleader>B',
    set_span = '<localleader>s', -- visual mode
    next_uncertain = ']?',
    prev_uncertain = '[?',
    accept_paragraph = '<localleader>p',
    link = '<localleader>k', -- relation picker on the entity under the cursor
    other_end = '<localleader>g', -- go to the other end(s) of its relations
  },
}

M.options = vim.deepcopy(M.defaults)

function M.set(opts)
  M.options = vim.tbl_deep_extend('force', vim.deepcopy(M.defaults), opts or {})
end

function M.server_path()
  return M.options.server_path or vim.g.pactum_server_path or 'pactum'
end

function M.server_cmd()
  return { M.server_path(), 'lsp' }
end

--- The directory holding `pactum.toml` above `path`, if any.
function M.config_root(path)
  local found = vim.fs.find('pactum.toml', { path = path, upward = true, type = 'file' })[1]
  return found and vim.fs.dirname(found) or nil
end

--- Root of the buffer's workspace: the `pactum.toml` folder, else (unless
--- `require_config`) the git root or the file's own folder.
function M.root_for(bufnr)
  local name = vim.api.nvim_buf_get_name(bufnr)
  if name == '' then
    return nil
  end
  local dir = vim.fs.dirname(vim.fs.normalize(vim.fn.fnamemodify(name, ':p')))
  local root = M.config_root(dir)
  if root or M.options.require_config then
    return root
  end
  return vim.fs.root(bufnr, '.git') or dir
end

--- What the plugin tells the server about itself and the user's settings
--- (initializationOptions; the same shape as `settings.pactum`).
function M.server_settings()
  return {
    suggestions = { severity = M.options.suggestion_severity or vim.NIL },
    codeActions = { labelPicker = M.options.label_picker ~= false },
    -- null for none: an empty Lua table could be sent as an object.
    trustedPaths = #(M.options.trusted_paths or {}) > 0 and M.options.trusted_paths or vim.NIL,
  }
end

function M.lsp_config()
  return {
    cmd = M.server_cmd(),
    init_options = M.server_settings(),
    settings = { pactum = M.server_settings() },
    filetypes = { 'text' },
    handlers = require('pactum.team').handlers,
    root_dir = function(bufnr, on_dir)
      local root = M.root_for(bufnr)
      if root then
        on_dir(root)
      end
    end,
  }
end

return M
