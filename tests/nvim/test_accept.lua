-- The annotator's main path through `vim.lsp.enable('pactum')`: diagnostics on
-- a corpus seed, hover, the accept quick fix, the sidecar on disk, and the
-- annotation following an edit typed before it.
local h = dofile(vim.fs.joinpath(vim.fs.dirname(debug.getinfo(1, 'S').source:sub(2)), 'helpers.lua'))
local bin, plugin, seed = h.env('PACTUM_BIN'), h.env('PACTUM_PLUGIN'), h.env('PACTUM_SEED')

vim.opt.runtimepath:prepend(plugin)
vim.cmd('filetype on') -- -u NONE leaves filetype detection off
require('pactum').setup({ server_path = bin })
vim.lsp.enable('pactum')

vim.cmd.edit(vim.fn.fnameescape(seed))
local buf = vim.api.nvim_get_current_buf()
h.check(vim.bo[buf].filetype == 'text', 'seed detected as filetype text', vim.bo[buf].filetype)
local client = h.wait_for_pactum(buf)
h.check(client.config.cmd[1] == bin, 'server started from the configured path', client.config.cmd)

-- 1. diagnostics: every one covers exactly the text its message quotes
local infos = h.diags(buf, vim.diagnostic.severity.INFO)
h.check(#infos > 0, 'suggestions published as Information diagnostics', #infos)
local mismatched = {}
for _, d in ipairs(h.diags(buf)) do
  local label, quoted = d.message:match('^(%u[%u%d_-]*)%?? “(.*)”$')
  -- the server quotes the text on one line and shortens long clauses with "…"
  local covered = vim.trim(h.covered(buf, d):gsub('%s+', ' '))
  local same = quoted == covered or (quoted and vim.endswith(quoted, '…') and vim.startswith(covered, quoted:sub(1, -4)))
  if not label or label ~= d.code or not same then
    table.insert(mismatched, { message = d.message, code = d.code, covered = h.covered(buf, d) })
  end
end
h.check(#mismatched == 0, 'each diagnostic is `LABEL? “text”` over exactly that text', mismatched)

local target = h.pick_suggestion(buf)
h.require(target ~= nil, 'an entity suggestion in the body of the seed')
local label, text = target.code, h.covered(buf, target)
h.check(target.message == label .. '? “' .. text .. '”', 'suggestion message', target.message)
local start_cp = h.codepoint_offset(buf, target.lnum, target.col)

-- semantic token under the span: type = label lower-cased, modifier `suggestion`
h.wait(5000, function()
  local toks = vim.lsp.semantic_tokens.get_at_pos(buf, target.lnum, target.col) or {}
  return #toks > 0
end)
local toks = vim.lsp.semantic_tokens.get_at_pos(buf, target.lnum, target.col) or {}
local tok = toks[1]
h.check(tok and tok.type == label:lower() and tok.modifiers.suggestion, 'semantic token with modifier suggestion', toks)

-- 2. hover on the suggestion names its label
h.cursor_into(target)
local params = vim.lsp.util.make_position_params(0, client.offset_encoding)
local res = vim.lsp.buf_request_sync(buf, 'textDocument/hover', params, 10000)
local hover = res and res[client.id] and res[client.id].result
local hover_text = hover and hover.contents and (hover.contents.value or vim.inspect(hover.contents)) or ''
h.check(hover_text:find(label, 1, true) ~= nil, 'hover names the label', hover_text)
-- issue 9: every suggestion carries a confidence (0–1) and its source
local SOURCES = { ['rules'] = true, ['trained model'] = true, ['rules and trained model'] = true }
local function confidence_in(md)
  local c, source = md:match('Confidence (%d[%d%.]*) · source: ([%a ]+)')
  return tonumber(c), source and vim.trim(source)
end
local conf, source = confidence_in(hover_text)
h.check(conf ~= nil and conf >= 0 and conf <= 1, 'hover gives the confidence, a number from 0 to 1', hover_text)
h.check(SOURCES[source or ''] == true, 'hover names the source: rules, trained model, or both', source)

-- 3. the accept quick fix, applied through the user's entry point
local offered = {}
local rparams = vim.lsp.util.make_range_params(0, client.offset_encoding)
rparams.context = { diagnostics = {}, triggerKind = 1 }
local cres = vim.lsp.buf_request_sync(buf, 'textDocument/codeAction', rparams, 10000)
for _, a in ipairs(cres and cres[client.id] and cres[client.id].result or {}) do
  table.insert(offered, a.title)
end
h.check(vim.tbl_contains(offered, 'Accept ' .. label .. ' “' .. text .. '”') or #vim.tbl_filter(function(t)
  return vim.startswith(t, 'Accept')
end, offered) > 0, 'code actions offer Accept', offered)
h.check(#vim.tbl_filter(function(t)
  return vim.startswith(t, 'Reject')
end, offered) > 0, 'code actions offer Reject', offered)

vim.lsp.buf.code_action({
  apply = true,
  filter = function(a)
    return a.isPreferred == true and vim.startswith(a.title, 'Accept')
  end,
})
local sidecar = seed .. '.ann.json'
local function accepted_here(at)
  return function(a)
    return a.status == 'accepted' and a.label == label and a.text == text and a.start == at
  end
end
h.check(h.wait(10000, function()
  return #h.sidecar_find(seed, accepted_here(start_cp)) == 1
end), 'sidecar on disk holds the accepted annotation at its code-point offset', h.read_json(sidecar))
local _, sc = h.sidecar_find(seed, accepted_here(start_cp))
h.check(sc and sc.version == 1 and type(sc.text_sha256) == 'string' and #sc.text_sha256 == 64, 'sidecar header (version, text hash)', sc)
local a = h.sidecar_find(seed, accepted_here(start_cp))[1]
h.check(a and a['end'] == start_cp + vim.fn.strchars(text), 'sidecar end offset', a)

local function hint_at(row, col)
  for _, d in ipairs(h.diags(buf, vim.diagnostic.severity.HINT)) do
    if d.lnum == row and d.col == col and d.message == label .. ' “' .. text .. '”' then
      return d
    end
  end
end
h.check(h.wait(10000, function()
  return hint_at(target.lnum, target.col) ~= nil
end), 'accepted annotation shown as a Hint', h.diags(buf, vim.diagnostic.severity.HINT))
h.check(require('pactum').status(buf):match('^Pactum %d+%? [1-9]%d*✓') ~= nil, 'status line counts', require('pactum').status(buf))

-- 4. type before the span (curly quotes, a non-breaking space, Cyrillic and an
--    emoji: 1 code point but 2 UTF-16 units and 4 bytes), save, offsets move
local typed = '“Пакт” 🤝\u{00A0}'
vim.api.nvim_win_set_cursor(0, { target.lnum + 1, 0 })
vim.api.nvim_feedkeys(vim.api.nvim_replace_termcodes('i' .. typed .. '<Esc>', true, false, true), 'xt', false)
local moved_col = target.col + #typed
h.check(vim.api.nvim_buf_get_text(buf, target.lnum, moved_col, target.lnum, moved_col + #text, {})[1] == text, 'typed before the span')
h.check(h.wait(10000, function()
  return hint_at(target.lnum, moved_col) ~= nil
end), 'Hint diagnostic moved with the text', h.diags(buf, vim.diagnostic.severity.HINT))
vim.cmd('silent write')
local moved_cp = start_cp + vim.fn.strchars(typed)
h.check(h.wait(10000, function()
  return #h.sidecar_find(seed, accepted_here(moved_cp)) == 1
end), 'after save the sidecar offset moved by the typed code points', h.read_json(sidecar))
local disk = table.concat(vim.fn.readfile(seed, 'b'), '\n')
local hash = vim.fn.sha256(disk)
local _, sc2 = h.sidecar_find(seed, accepted_here(moved_cp))
h.check(sc2 and sc2.text_sha256 == hash, 'sidecar hash is the saved text', { sidecar = sc2 and sc2.text_sha256, disk = hash })

-- 5. `[suggestions] min_confidence` in pactum.toml hides the suggestions the
--    engine is less sure of. The threshold lies between the lowest and the
--    highest confidence the server's hovers report (shown to 2 decimals);
--    a configuration change makes the server read pactum.toml again. Then
--    every suggestion left is at least that sure (a mention hidden may come
--    back as a surer one, linked to a name learnt elsewhere), the surest stay,
--    and fewer are shown.
local clauses = { SIGNING = true, PURPOSE = true, COMMITMENT = true }
local function key(d)
  return table.concat({ d.lnum, d.col, d.code, d.message }, '|')
end
local function rate_all()
  local rated = {}
  for _, d in ipairs(h.diags(buf, vim.diagnostic.severity.INFO)) do
    if not clauses[d.code] and d.end_lnum == d.lnum then
      h.cursor_into(d)
      local p = vim.lsp.util.make_position_params(0, client.offset_encoding)
      local r = vim.lsp.buf_request_sync(buf, 'textDocument/hover', p, 10000)
      local md = r and r[client.id] and r[client.id].result and r[client.id].result.contents.value or ''
      local c = confidence_in(md)
      -- the hover is about this suggestion (not another span starting there)
      if c and vim.startswith(md, '**' .. d.code .. '** “' .. h.covered(buf, d) .. '” — suggested') then
        table.insert(rated, { d = d, c = c })
      end
    end
  end
  table.sort(rated, function(x, y)
    return x.c < y.c
  end)
  return rated
end
local rated = rate_all()
local lo, hi = rated[1], rated[#rated]
h.require(lo and hi and hi.c - lo.c >= 0.02, 'the server reports different confidences for the suggestions', vim.tbl_map(function(x)
  return { x.d.message, x.c }
end, rated))
local threshold = (lo.c + hi.c) / 2
local n_before = #h.diags(buf, vim.diagnostic.severity.INFO)
local above = {}
for _, x in ipairs(rated) do
  if x.c >= threshold + 0.005 then
    above[key(x.d)] = x.d.message
  end
end
local function shown()
  local set = {}
  for _, d in ipairs(h.diags(buf, vim.diagnostic.severity.INFO)) do
    set[key(d)] = true
  end
  return set
end
local toml = vim.fs.joinpath(vim.fs.dirname(seed), 'pactum.toml')
vim.fn.writefile({ '[suggestions]', string.format('min_confidence = %.4f', threshold) }, toml)
require('pactum').set_suggestion_severity(nil) -- a configuration change: pactum.toml is read again
h.check(h.wait(15000, function()
  return #h.diags(buf, vim.diagnostic.severity.INFO) < n_before
end), string.format('min_confidence = %.3f: fewer suggestions shown', threshold), { before = n_before, after = #h.diags(buf, vim.diagnostic.severity.INFO) })
local now = shown()
local lost = {}
for k, msg in pairs(above) do
  if not now[k] then
    table.insert(lost, msg)
  end
end
h.check(#lost == 0, 'the suggestions above the threshold stay', lost)
local unsure = {}
for _, x in ipairs(rate_all()) do
  if x.c <= threshold - 0.005 then
    table.insert(unsure, { x.d.message, x.c })
  end
end
h.check(#unsure == 0, string.format('no suggestion left below %.3f (was: %s at %.2f)', threshold, lo.d.message, lo.c), unsure)
vim.fn.delete(toml)
require('pactum').set_suggestion_severity(nil)
h.check(h.wait(15000, function()
  return #h.diags(buf, vim.diagnostic.severity.INFO) == n_before
end), 'without min_confidence every suggestion is back', { before = n_before, now = #h.diags(buf, vim.diagnostic.severity.INFO) })

-- 6. user commands: next suggestion, accept all
vim.api.nvim_win_set_cursor(0, { 1, 0 })
vim.cmd('PactumNext')
local cur = vim.api.nvim_win_get_cursor(0)
local on_suggestion = false
for _, d in ipairs(h.diags(buf, vim.diagnostic.severity.INFO)) do
  if d.lnum == cur[1] - 1 and d.col == cur[2] then
    on_suggestion = true
  end
end
h.check(on_suggestion, ':PactumNext jumps to a suggestion', cur)
local before = #h.sidecar_find(seed, function(x)
  return x.status == 'accepted'
end)
local n_infos = #h.diags(buf, vim.diagnostic.severity.INFO)
vim.cmd('PactumAcceptAll')
h.check(h.wait(10000, function()
  return #h.diags(buf, vim.diagnostic.severity.INFO) == 0
end), ':PactumAcceptAll leaves no suggestion', #h.diags(buf, vim.diagnostic.severity.INFO))
local after = #h.sidecar_find(seed, function(x)
  return x.status == 'accepted'
end)
h.check(after >= before + n_infos, ':PactumAcceptAll writes every suggestion to the sidecar', { before = before, suggestions = n_infos, after = after })

h.finish()
