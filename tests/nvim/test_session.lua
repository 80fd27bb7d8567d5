-- The efficiency session (issue 14): starting from the engine's suggestions on
-- a real article, reach its gold annotations in the real Neovim by pressing
-- keys, once with today's code-action flow and once with the keyboard
-- commands, and count the keys. tests/session/plan.py decides what has to
-- change; this script decides which keys a user presses for it and presses
-- them (nvim_feedkeys), counting every keystroke (`<localleader>l` is two,
-- `gra` three, `12G` three). Both flows navigate alike: `]u` presses or
-- `{line}G{col}|`, whichever is shorter. Each flow must end with the
-- annotation file holding exactly the gold spans.
local h = dofile(vim.fs.joinpath(vim.fs.dirname(debug.getinfo(1, 'S').source:sub(2)), 'helpers.lua'))
local bin, plugin = h.env('PACTUM_BIN'), h.env('PACTUM_PLUGIN')
local repo = vim.fs.normalize(plugin .. '/../..')
local DOC = os.getenv('PACTUM_SESSION_DOC') or 'r201_ots_technoparks_astana_memorandum.txt'
local source = repo .. '/tests/data/real/train/' .. DOC
local gold_file = repo .. '/tests/data/real/train.jsonl'

vim.opt.runtimepath:prepend(plugin)
vim.cmd('filetype on')
vim.o.more = false -- a long menu must not stop at -- More --
vim.o.lines, vim.o.columns = 60, 200
local pactum = require('pactum')
local is_suggestion = require('pactum.keys').is_suggestion

local out = vim.system({ 'python3', repo .. '/tests/session/plan.py', bin, source, gold_file, DOC }, { text = true }):wait()
h.require(out.code == 0, 'the session is planned', out.stderr)
local plan = vim.json.decode(out.stdout)
local text = table.concat(vim.fn.readfile(source, 'b'), '\n')
local counts = {}
for _, op in ipairs(plan.ops) do
  counts[op.op] = (counts[op.op] or 0) + 1
end
h.log(string.format('# %s: %d suggestions, %d gold spans; to do: %s', DOC, plan.suggested, #plan.gold, vim.inspect(counts, { newline = ' ', indent = '' })))

-- code point offset → (0-based row, 0-based byte col), from the text itself
local lines = vim.split(text, '\n', { plain = true })
local function rowcol(p)
  local row = 0
  while row < #lines - 1 do
    local n = vim.fn.strchars(lines[row + 1]) + 1
    if p < n then
      break
    end
    p = p - n
    row = row + 1
  end
  return row, vim.str_byteindex(lines[row + 1], 'utf-32', p, false)
end

local function keycount(k)
  local n, i = 0, 1
  while i <= #k do
    local notation = k:match('^<[^<>]+>', i)
    if notation then
      i = i + #notation
    else
      i = i + #vim.fn.strcharpart(k:sub(i), 0, 1)
    end
    n = n + 1
  end
  return n
end

local pressed = 0
local log = {}
local function press(k)
  if os.getenv('SESSION_DEBUG') == '1' then
    h.log('# press ' .. k)
  end
  pressed = pressed + keycount(k)
  table.insert(log, k)
  vim.api.nvim_feedkeys(vim.api.nvim_replace_termcodes(k, true, false, true), 'xt', false)
end

-- vim.ui.select (the code-action menu, the picker's by-name list) is
-- answered like a user does: find the wanted entry, type its number and
-- Enter (and `after`, e.g. the picker key the chosen action then reads).
local want_entry
local real_select = vim.ui.select
vim.ui.select = function(items, opts, on_choice)
  local format = opts.format_item or tostring
  local answer = 'q'
  for i, item in ipairs(items) do
    local title = format(item)
    if want_entry and title:find(want_entry.title, 1, true) == 1 then
      answer = tostring(i)
      break
    end
  end
  if answer == 'q' then
    h.log('# menu: no entry ' .. vim.inspect(want_entry and want_entry.title) .. ' in ' .. vim.inspect(vim.tbl_map(format, items)))
  end
  local typed = answer .. '<CR>'
  local after = want_entry and want_entry.after or ''
  pressed = pressed + keycount(typed .. after)
  table.insert(log, typed .. after)
  want_entry = nil
  -- The number and Enter are counted as typed into Neovim's inputlist()
  -- menu, and the choice is made directly: inputlist() reading typeahead
  -- from inside an LSP callback has crashed headless Neovim 0.11.4.
  if after ~= '' then
    vim.api.nvim_feedkeys(vim.api.nvim_replace_termcodes(after, true, false, true), 'nt', false)
  end
  local i = tonumber(answer)
  vim.schedule(function()
    on_choice(i and items[i] or nil, i)
  end)
end

local function sidecar(path)
  return h.read_json(path .. '.ann.json') or { annotations = {} }
end

local function has(path, span, status)
  for _, a in ipairs(sidecar(path).annotations) do
    if a.start == span[1] and a['end'] == span[2] and a.label == span[3] and a.status == status then
      return true
    end
  end
  return false
end

local function run_flow(flow)
  local dir = vim.fn.tempname()
  vim.fn.mkdir(dir, 'p')
  local path = dir .. '/' .. DOC
  vim.fn.writefile(vim.fn.readfile(source, 'b'), path, 'b')
  pressed, log = 0, {}
  pactum.setup({ server_path = bin, label_picker = flow == 'new' })
  vim.cmd.edit(vim.fn.fnameescape(path))
  local buf = vim.api.nvim_get_current_buf()
  h.wait_for_pactum(buf)
  h.wait(10000, function()
    return #vim.tbl_filter(is_suggestion, h.diags(buf)) == plan.suggested
  end)

  local function suggestion_starts()
    local list = {}
    for _, d in ipairs(vim.tbl_filter(is_suggestion, h.diags(buf))) do
      table.insert(list, { d.lnum, d.col })
    end
    table.sort(list, function(a, b)
      return a[1] < b[1] or (a[1] == b[1] and a[2] < b[2])
    end)
    return list
  end

  -- keys of `{line}G{col}|` to (row, col); the row part only when needed
  local function goto_keys(row, col, from_row)
    local k = row ~= from_row and tostring(row + 1) .. 'G' or ''
    local vcol = vim.fn.virtcol({ row + 1, col + 1 }, true)[1]
    return k .. (vcol == 1 and '0' or (tostring(vcol) .. '|'))
  end

  --- The keys that move the cursor to code point `p` (from the cursor, or from `from`).
  local function nav_keys(p, from)
    local row, col = rowcol(p)
    local cur = from or vim.api.nvim_win_get_cursor(0)
    if cur[1] - 1 == row and cur[2] == col then
      return ''
    end
    local direct = goto_keys(row, col, cur[1] - 1)
    -- ]u presses: simulate the jumps over the current suggestions
    local starts, r, c, n = suggestion_starts(), cur[1] - 1, cur[2], 0
    while n * 2 < keycount(direct) do
      local nxt
      for _, s in ipairs(starts) do
        if s[1] > r or (s[1] == r and s[2] > c) then
          nxt = s
          break
        end
      end
      if not nxt then
        break
      end
      r, c, n = nxt[1], nxt[2], n + 1
      if r == row and c == col then
        return string.rep(']u', n)
      end
      if r > row or (r == row and c > col) then
        break
      end
    end
    return direct
  end

  local function navigate(p)
    local k = nav_keys(p)
    if k ~= '' then
      press(k)
    end
  end

  --- What `vis` (select the inner sentence) selects with the cursor at `p`,
  --- as (start, end) code points; tried without counting, as a user who sees
  --- the sentence knows.
  local function sentence_at(p)
    local saved = vim.api.nvim_win_get_cursor(0)
    local row, col = rowcol(p)
    vim.api.nvim_win_set_cursor(0, { row + 1, col })
    vim.api.nvim_feedkeys('vis', 'nx', false)
    local a, b = vim.fn.getpos('v'), vim.fn.getpos('.')
    vim.api.nvim_feedkeys(vim.keycode('<Esc>'), 'nx', false)
    vim.api.nvim_win_set_cursor(0, saved)
    local function cp(pos)
      local n = 0
      for i = 1, pos[2] - 1 do
        n = n + vim.fn.strchars(lines[i]) + 1
      end
      return n + vim.fn.strchars(lines[pos[2]]:sub(1, pos[3] - 1))
    end
    local s, e = cp(a), cp(b)
    local last = lines[b[2]]
    return s, e + vim.fn.strchars(vim.fn.strcharpart(last:sub(b[3]), 0, 1))
  end

  --- The keys that select `span` (charwise visual mode): `vis` when Vim's
  --- sentence is the span, else `v` and a jump to its last character.
  local function select_keys(span)
    local to_start = nav_keys(span[1])
    local s, e = sentence_at(span[1])
    if s == span[1] and e == span[2] then
      return to_start .. 'vis'
    end
    local srow = rowcol(span[1])
    local row, col = rowcol(span[2] - 1) -- the last character, inclusive
    return to_start .. 'v' .. goto_keys(row, col, srow)
  end

  local function select(span)
    press(select_keys(span))
  end

  local function menu(title, after)
    want_entry = { title = title, after = after }
    press('gra')
  end

  local function key_of(label)
    for _, l in ipairs(h.read_json(repo .. '/schemas/parks-v1.json').labels) do
      if l.name == label then
        return l.key
      end
    end
  end

  local function quoted(s, e)
    local t = vim.fn.strcharpart(text, s, e - s):gsub('%s+', ' ')
    if vim.fn.strchars(t) > 60 then
      t = vim.fn.strcharpart(t, 0, 59) .. '…'
    end
    return '“' .. t .. '”'
  end

  local function is_clause(label)
    return label == 'SIGNING' or label == 'PURPOSE' or label == 'COMMITMENT'
  end

  --- Relabels the span under the cursor (just fixed, or a suggestion) to `to`.
  local function relabel_new(span_now, label)
    if is_clause(label) then
      menu('Change label… (' .. quoted(span_now[1], span_now[2]) .. ')', key_of(label))
    else
      press('\\l' .. key_of(label))
    end
  end

  for i, op in ipairs(plan.ops) do
    if os.getenv('SESSION_DEBUG') == '1' then
      h.log('# op ' .. i .. ' ' .. vim.inspect(op, { newline = ' ', indent = '' }))
    end
    local ok = true
    if op.op == 'reject' then
      navigate(op.at)
      press('\\r')
      ok = h.wait(10000, function()
        return has(path, op.span, 'rejected')
      end)
    elseif op.op == 'relabel' then
      navigate(op.at)
      if flow == 'today' then
        menu('Change label to ' .. op.to[3] .. ' (' .. quoted(op.span[1], op.span[2]) .. ')')
      else
        relabel_new(op.span, op.to[3])
      end
    elseif op.op == 'reshape' then
      if flow == 'today' then
        navigate(op.at)
        press('\\r')
        h.wait(10000, function()
          return has(path, op.span, 'rejected')
        end)
        select(op.to)
        menu('Tag selection as ' .. op.to[3])
      else
        -- word steps, a run of the same step as one count (`4\e`), or
        -- selecting the new extent: whichever takes fewer keys
        local steps = ''
        if op.steps ~= vim.NIL and op.steps then
          local step_keys = { extendNext = '\\e', extendPrevious = '\\b', shrinkEnd = '\\E', shrinkStart = '\\B' }
          local i = 1
          while i <= #op.steps do
            local j = i
            while j < #op.steps and op.steps[j + 1] == op.steps[i] do
              j = j + 1
            end
            steps = steps .. (j > i and tostring(j - i + 1) or '') .. step_keys[op.steps[i]]
            i = j + 1
          end
          steps = nav_keys(op.at) .. steps
        end
        local by_selection = select_keys(op.to) .. '\\s'
        if steps ~= '' and keycount(steps) <= keycount(by_selection) then
          press(steps)
        else
          press(by_selection)
        end
        if op.to[3] ~= op.span[3] then
          h.wait(10000, function()
            return has(path, { op.to[1], op.to[2], op.span[3] }, 'accepted')
          end)
          relabel_new(op.to, op.to[3])
        end
      end
    elseif op.op == 'tag' then
      if flow == 'today' then
        select(op.to)
        menu('Tag selection as ' .. op.to[3])
      elseif op.word then
        navigate(op.to[1])
        press('\\l' .. key_of(op.to[3]))
      else
        select(op.to)
        press('\\l' .. key_of(op.to[3]))
      end
    end
    if op.to then
      ok = h.wait(10000, function()
        return has(path, op.to, 'accepted')
      end)
    end
    if vim.fn.mode() ~= 'n' then
      press('<Esc>')
    end
    -- the next navigation reads the diagnostics: let them catch up
    h.wait(5000, function()
      return not op.span or #vim.tbl_filter(function(d)
        local r, c = rowcol(op.span[1])
        return is_suggestion(d) and d.lnum == r and d.col == c and d.code == op.span[3]
      end, h.diags(buf)) == 0
    end)
    if not h.check(ok, string.format('%s: %s %s', flow, op.op, vim.inspect(op.to or op.span)), { log = log, sidecar = sidecar(path) }) then
      break
    end
  end
  press('\\A')
  local done = h.wait(10000, function()
    return #vim.tbl_filter(is_suggestion, h.diags(buf)) == 0
  end)
  h.check(done, flow .. ': every suggestion decided')
  local got = {}
  for _, a in ipairs(sidecar(path).annotations) do
    if a.status == 'accepted' then
      table.insert(got, { a.start, a['end'], a.label })
    end
  end
  table.sort(got, function(a, b)
    return a[1] < b[1] or (a[1] == b[1] and (a[2] < b[2] or (a[2] == b[2] and a[3] < b[3])))
  end)
  local want = vim.deepcopy(plan.gold)
  table.sort(want, function(a, b)
    return a[1] < b[1] or (a[1] == b[1] and (a[2] < b[2] or (a[2] == b[2] and a[3] < b[3])))
  end)
  local function key(x)
    return table.concat(x, ' ')
  end
  local missing, extra, seen = {}, {}, {}
  for _, g in ipairs(got) do
    seen[key(g)] = true
  end
  for _, w in ipairs(want) do
    if not seen[key(w)] then
      table.insert(missing, w)
    end
    seen[key(w)] = nil
  end
  for k in pairs(seen) do
    table.insert(extra, k)
  end
  h.check(vim.deep_equal(got, want), flow .. ': the annotation file holds exactly the gold spans', { missing = missing, extra = extra })
  local keys_pressed = pressed
  h.log(string.format('# %s flow: %d keys: %s', flow, keys_pressed, table.concat(log, ' ')))
  for _, c in ipairs(vim.lsp.get_clients({ bufnr = buf })) do
    c:stop()
  end
  vim.cmd('bwipeout!')
  h.wait(3000, function()
    return #vim.lsp.get_clients({ name = 'pactum' }) == 0
  end)
  return keys_pressed
end

vim.lsp.enable('pactum')
local today = run_flow('today')
local new = run_flow('new')
vim.ui.select = real_select
local saved = (today - new) / today
h.log(string.format('SESSION nvim %s: today %d keys, new %d keys, %.0f%% fewer', DOC, today, new, 100 * saved))
local artifacts = repo .. '/tests/artifacts'
vim.fn.mkdir(artifacts, 'p')
vim.fn.writefile({ vim.json.encode({ editor = 'nvim', document = DOC, today = today, new = new, fewer = saved }) }, artifacts .. '/session-nvim.json')
h.check(new < today, 'the keyboard commands take fewer keys than the code actions', { today = today, new = new })
h.finish()
