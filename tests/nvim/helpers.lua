-- Shared by the Neovim end-to-end tests (run by tests/nvim/run with
-- `nvim --headless -u NONE -i NONE -n -l <test>.lua`).
--
-- env: PACTUM_BIN (the pactum binary), PACTUM_PLUGIN (editors/nvim),
--      PACTUM_SEED (a copy of a corpus text in a temp dir),
--      PACTUM_SCHEMA (schemas/parks-v1.json).
local M = { passed = 0, failed = 0 }

-- Mode messages (-- INSERT --) would land in the test output.
vim.o.showmode = false

function M.env(name)
  local v = os.getenv(name)
  if not v or v == '' then
    io.stdout:write('FAIL - environment variable ' .. name .. ' is not set\n')
    os.exit(2)
  end
  return v
end

-- print() is buffered and reordered under -l; write to stdout directly.
function M.log(msg)
  io.stdout:write(msg .. '\n')
  io.stdout:flush()
end

function M.check(cond, what, extra)
  if cond then
    M.passed = M.passed + 1
    M.log('ok   - ' .. what)
  else
    M.failed = M.failed + 1
    M.log('FAIL - ' .. what .. (extra ~= nil and ('  [' .. vim.inspect(extra) .. ']') or ''))
  end
  return cond
end

--- Stops the language servers (so none outlives the test) and exits.
function M.finish()
  for _, c in ipairs(vim.lsp.get_clients()) do
    c:stop()
  end
  vim.wait(3000, function()
    return #vim.lsp.get_clients() == 0
  end, 20)
  for _, c in ipairs(vim.lsp.get_clients()) do
    c:stop(true)
  end
  M.log(string.format('%d passed, %d failed', M.passed, M.failed))
  os.exit(M.failed == 0 and 0 or 1)
end

--- Fails and finishes now when `cond` is false (later checks would only cascade).
function M.require(cond, what, extra)
  if not M.check(cond, what, extra) then
    M.finish()
  end
end

function M.wait(ms, pred)
  return vim.wait(ms, pred, 20)
end

--- Pactum's diagnostics in `buf` with severity `sev` (nil: all).
function M.diags(buf, sev)
  local out = {}
  for _, d in ipairs(vim.diagnostic.get(buf, { severity = sev })) do
    if d.source == 'pactum' then
      table.insert(out, d)
    end
  end
  return out
end

--- The text a (single- or multi-line) diagnostic covers, from the buffer.
function M.covered(buf, d)
  local lines = vim.api.nvim_buf_get_text(buf, d.lnum, d.col, d.end_lnum, d.end_col, {})
  return table.concat(lines, '\n')
end

--- Code-point offset of (row, byte col) in `buf`: the unit of sidecar offsets.
function M.codepoint_offset(buf, row, col)
  local lines = vim.api.nvim_buf_get_lines(buf, 0, row + 1, false)
  local n = 0
  for i = 1, row do
    n = n + vim.fn.strchars(lines[i]) + 1
  end
  return n + vim.fn.strchars(lines[row + 1]:sub(1, col))
end

function M.read_json(path)
  if vim.fn.filereadable(path) == 0 then
    return nil
  end
  local ok, v = pcall(vim.json.decode, table.concat(vim.fn.readfile(path), '\n'))
  return ok and v or nil
end

--- Annotations of the sidecar of `text_path` matching `pred`.
function M.sidecar_find(text_path, pred)
  local sc = M.read_json(text_path .. '.ann.json')
  local out = {}
  for _, a in ipairs(sc and sc.annotations or {}) do
    if pred(a) then
      table.insert(out, a)
    end
  end
  return out, sc
end

--- Picks the suggestion the tests work on: `PARK? “Singapore Science Park”`
--- in the body (row ≥ 2), else the first single-line entity suggestion there.
function M.pick_suggestion(buf)
  local clauses = { SIGNING = true, PURPOSE = true, COMMITMENT = true }
  local fallback
  for _, d in ipairs(M.diags(buf, vim.diagnostic.severity.INFO)) do
    if d.lnum >= 2 and d.end_lnum == d.lnum and not clauses[d.code] then
      if d.message == 'PARK? “Singapore Science Park”' then
        return d
      end
      fallback = fallback or d
    end
  end
  if fallback then
    M.log('# note: no PARK suggestion for "Singapore Science Park"; using ' .. fallback.message)
  end
  return fallback
end

--- Opens `path` and waits for the Pactum client and its first diagnostics.
function M.wait_for_pactum(buf)
  local attached = M.wait(15000, function()
    return #vim.lsp.get_clients({ bufnr = buf, name = 'pactum' }) > 0
  end)
  M.require(attached, 'pactum client attached to the buffer')
  local client = vim.lsp.get_clients({ bufnr = buf, name = 'pactum' })[1]
  M.require(M.wait(15000, function()
    return client.initialized
  end), 'pactum client initialized')
  M.require(M.wait(30000, function()
    return #M.diags(buf) > 0
  end), 'pactum diagnostics published')
  return client
end

--- Position params for the cursor placed inside diagnostic `d`.
function M.cursor_into(d)
  vim.api.nvim_win_set_cursor(0, { d.lnum + 1, d.col + 1 })
end

return M
