-- Highlight groups per label, linked to the semantic tokens of `pactum lsp`.
--
-- The server's token type is the label lower-cased (`org`, `signing` …) with
-- the modifier `suggestion` or `accepted`. Only the type+modifier groups
-- (`@lsp.typemod.org.suggestion`) are linked: plain `@lsp.type.event` would
-- also colour "event" tokens of other language servers.
local M = {}

local palette = require('pactum.palette')

-- The definitions this module made, to tell them from a user's.
local ours = {}

--- `PactumOrgSuggestion` for ("ORG", "Suggestion").
function M.group(label, status)
  local camel = label:lower():gsub('[-_](%w)', string.upper):gsub('^%l', string.upper)
  return 'Pactum' .. camel .. status
end

local function define(label)
  local color = label.color or '#808080'
  if #color == 4 then -- #abc → #aabbcc
    color = '#' .. color:sub(2, 2):rep(2) .. color:sub(3, 3):rep(2) .. color:sub(4, 4):rep(2)
  end
  local suggestion, accepted
  if label.kind == 'clause' then
    -- Clauses cover whole sentences: mark them with a line under the text
    -- rather than recolouring every word.
    suggestion = { sp = color, underdashed = true }
    accepted = { sp = color, underline = true }
  else
    suggestion = { fg = color, sp = color, underdotted = true }
    accepted = { fg = color, bold = true }
  end
  local token = label.name:lower()
  for status, spec in pairs({ Suggestion = suggestion, Accepted = accepted }) do
    local group = M.group(label.name, status)
    -- A group defined by a colour scheme or the user is left alone; one we
    -- defined ourselves (or nobody did) takes the colour of this schema.
    local current = vim.api.nvim_get_hl(0, { name = group })
    if vim.tbl_isempty(current) or vim.deep_equal(current, ours[group]) then
      vim.api.nvim_set_hl(0, group, spec)
      ours[group] = vim.api.nvim_get_hl(0, { name = group })
    end
    vim.api.nvim_set_hl(0, '@lsp.typemod.' .. token .. '.' .. status:lower(), { link = group })
  end
end

--- Defines the groups of `labels` (a list of {name, kind, color}), by default
--- those of the built-in schema.
function M.apply(labels)
  for _, label in ipairs(labels or palette) do
    define(label)
  end
end

--- The labels of the schema named by `<root>/pactum.toml`, or nil when there
--- is no such config or it cannot be read (the server reports that itself).
function M.labels_from_config(root)
  local toml = root and vim.fs.joinpath(root, 'pactum.toml')
  if not toml or vim.fn.filereadable(toml) == 0 then
    return nil
  end
  local schema
  for _, line in ipairs(vim.fn.readfile(toml)) do
    schema = schema or line:match('^%s*schema%s*=%s*"([^"]+)"') or line:match("^%s*schema%s*=%s*'([^']+)'")
  end
  if not schema then
    return nil
  end
  local path = vim.fs.joinpath(root, schema)
  if schema:sub(1, 1) == '/' then
    path = schema
  end
  if vim.fn.filereadable(path) == 0 then
    return nil
  end
  local ok, decoded = pcall(vim.json.decode, table.concat(vim.fn.readfile(path), '\n'))
  if not ok or type(decoded) ~= 'table' or type(decoded.labels) ~= 'table' then
    return nil
  end
  local labels = {}
  for _, l in ipairs(decoded.labels) do
    if type(l) == 'table' and type(l.name) == 'string' then
      table.insert(labels, { name = l.name, kind = l.kind, color = type(l.color) == 'string' and l.color or nil })
    end
  end
  return labels
end

return M
