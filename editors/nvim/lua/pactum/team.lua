-- Annotating as a team: the document's review status (shown in the
-- statusline component, set with :PactumDone / :PactumReopen), the
-- workspace's progress (:PactumStatus) and adjudication against another
-- annotator's copy (:PactumCompare {path}; "Take theirs" / "Keep mine" /
-- "Take all theirs" are the server's code actions on the differences).
local M = {}

--- Document status by buffer, from the server's `pactum/documentStatus`.
M.by_buffer = {}

--- Handlers to give the client (vim.lsp.config / vim.lsp.start).
M.handlers = {
  ['pactum/documentStatus'] = function(_, result)
    if type(result) ~= 'table' or type(result.uri) ~= 'string' then
      return
    end
    local ok, bufnr = pcall(vim.uri_to_bufnr, result.uri)
    if ok and bufnr then
      M.by_buffer[bufnr] = { status = result.status, by = result.by, at = result.at }
      vim.b[bufnr].pactum_document_status = result.status
      pcall(vim.cmd.redrawstatus)
    end
  end,
}

--- 'done' or 'in_progress' for `bufnr`, nil when the server has not said.
function M.document_status(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  local s = M.by_buffer[bufnr]
  return s and s.status or nil
end

local BAR = 20

local function bar(part, total)
  if total == 0 then
    return string.rep(' ', BAR)
  end
  local n = math.floor(part * BAR / total + 0.5)
  return string.rep('█', n) .. string.rep('·', BAR - n)
end

--- The lines :PactumStatus shows for the server's workspace progress.
function M.format_progress(p)
  local lines = {
    string.format('Pactum: %d/%d documents done, %d with annotations', p.done or 0, p.documents or 0, p.annotated or 0),
    string.format('done      [%s]', bar(p.done or 0, p.documents or 0)),
  }
  local labels = vim.tbl_keys(p.labels or {})
  table.sort(labels)
  for _, l in ipairs(labels) do
    local c = p.labels[l]
    table.insert(lines, string.format('%-11s %5d accepted %5d rejected', l, c.accepted or 0, c.rejected or 0))
  end
  local people = vim.tbl_keys(p.annotators or {})
  table.sort(people)
  for _, name in ipairs(people) do
    local c = p.annotators[name]
    table.insert(lines, string.format('%s: %d accepted, %d rejected, %d done', name, c.accepted or 0, c.rejected or 0, c.done or 0))
  end
  return lines
end

return M
