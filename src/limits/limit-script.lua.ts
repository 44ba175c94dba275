/**
 * The Redis script of the limiter: one call checks (or settles) every slot of one subject and
 * model class atomically, following `usage-meter.ts` step for step (same float operations in the
 * same order, so both stores give the same answers). KEYS[1] is the usage hash, KEYS[2] the sorted
 * set of reservations by expiry; both carry the subject's hash tag.
 *
 * check:  ARGV = "check", nowMs, ttlMs, inputTokens, maxOutputTokens, limit of slots 1..9 (0: none)
 *         → granted, deniedSlot (0-based, -1), retryAfterMs, exceedsLimit, reservationId, atMs,
 *           level 1..9, rate 1..9 (floats as %.17g strings)
 * settle: ARGV = "settle", nowMs, reservationId, outputTokens → settled, refundedTokens
 * @module
 */
export const LIMIT_SCRIPT = `
local h, z = KEYS[1], KEYS[2]
local op, now = ARGV[1], tonumber(ARGV[2])
local WINDOW = {60000, 18000000, 604800000}
local stored = redis.call("HMGET", h, "at", "seq",
  "l1","l2","l3","l4","l5","l6","l7","l8","l9","r1","r2","r3","r4","r5","r6","r7","r8","r9")
local at = tonumber(stored[1]) or now
local seq = tonumber(stored[2]) or 1
local level, rate = {}, {}
for s = 1, 9 do
  level[s] = tonumber(stored[2 + s]) or 0
  rate[s] = tonumber(stored[11 + s]) or 0
end
local elapsed = now - at
-- Drained levels are written back even on a denial, as the in-process store keeps them: the same
-- float steps in the same order give both stores the same answers to the last bit.
local changed = elapsed > 0
if elapsed > 0 then
  for s = 1, 9 do
    if level[s] > 0 then level[s] = math.max(level[s] - elapsed * rate[s], 0) end
  end
  at = now
end
local function refund(tokens)
  for s = 7, 9 do
    if rate[s] ~= 0 then level[s] = math.max(level[s] - tokens, 0) end
  end
end
local due = redis.call("ZRANGEBYSCORE", z, "-inf", at)
for _, id in ipairs(due) do
  refund(tonumber(redis.call("HGET", h, "v" .. id)) or 0)
  redis.call("HDEL", h, "v" .. id)
end
if #due > 0 then
  redis.call("ZREMRANGEBYSCORE", z, "-inf", at)
  changed = true
end
local function f(x) return string.format("%.17g", x) end
local function save()
  local args = {"at", f(at), "seq", seq}
  local longest = 0
  for s = 1, 9 do
    table.insert(args, "l" .. s); table.insert(args, f(level[s]))
    table.insert(args, "r" .. s); table.insert(args, f(rate[s]))
    if level[s] > 0 and rate[s] > 0 then longest = math.max(longest, level[s] / rate[s]) end
  end
  redis.call("HSET", h, unpack(args))
  local ttl = math.ceil(longest) + 86400000
  redis.call("PEXPIRE", h, ttl)
  redis.call("PEXPIRE", z, ttl)
end
if op == "settle" then
  local id = ARGV[3]
  local reserved = tonumber(redis.call("HGET", h, "v" .. id))
  if not reserved then
    if changed then save() end
    return {0, "0"}
  end
  redis.call("HDEL", h, "v" .. id)
  redis.call("ZREM", z, id)
  local refunded = reserved - tonumber(ARGV[4])
  refund(refunded)
  save()
  return {1, f(refunded)}
end
local ttlMs, input, output = tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
local limit, ratePerMs = {}, {}
for s = 1, 9 do
  limit[s] = tonumber(ARGV[5 + s])
  ratePerMs[s] = limit[s] > 0 and limit[s] / WINDOW[(s - 1) % 3 + 1] or 0
end
local function cost(s)
  if s <= 3 then return 1 elseif s <= 6 then return input else return output end
end
local denied, wait, exceeds = -1, 0, 0
for s = 1, 9 do
  if limit[s] > 0 then
    local over = level[s] + cost(s) - limit[s]
    if over > 0 then
      local w = math.ceil(over / ratePerMs[s])
      if cost(s) > limit[s] then exceeds = 1 end
      if w >= wait then wait = w; denied = s - 1 end
    end
  end
end
local reservation = 0
if denied < 0 then
  for s = 1, 9 do
    rate[s] = ratePerMs[s]
    if rate[s] == 0 then level[s] = 0 else level[s] = level[s] + cost(s) end
  end
  if output > 0 then
    reservation = seq
    seq = seq + 1
    redis.call("HSET", h, "v" .. reservation, output)
    redis.call("ZADD", z, now + ttlMs, reservation)
  end
  save()
elseif changed then
  save()
end
local reply = {denied < 0 and 1 or 0, denied, wait, exceeds, reservation, f(at)}
for s = 1, 9 do table.insert(reply, f(level[s])) end
for s = 1, 9 do table.insert(reply, f(rate[s])) end
return reply
`;
