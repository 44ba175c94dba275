/**
 * The Redis script of the limiter: one call checks (or settles) every slot of one subject and
 * model class atomically, following `usage-meter.ts` step for step (same float operations in the
 * same order, so both stores give the same answers). KEYS[1] holds the usage, packed as 21
 * little-endian doubles (time, next reservation id, reservations outstanding, 9 levels, 9 rates);
 * KEYS[2] is the sorted set of reservation ids by expiry and KEYS[3] the hash of their tokens,
 * touched only while the subject holds reservations. All three carry the subject's hash tag.
 *
 * check:  ARGV = "check", nowMs, ttlMs, inputTokens, maxOutputTokens, limit of slots 1..9 (0: none)
 *         → granted, deniedSlot (0-based, -1), retryAfterMs, exceedsLimit, reservationId, the packed usage
 * settle: ARGV = "settle", nowMs, reservationId, outputTokens → settled, refundedTokens
 * @module
 */
export const LIMIT_SCRIPT = `
local u, z, a = KEYS[1], KEYS[2], KEYS[3]
local op, now = ARGV[1], tonumber(ARGV[2])
local WINDOW = {60000, 18000000, 604800000}
local FORMAT = "<ddddddddddddddddddddd"
local level, rate = {}, {}
local at, seq, n
local packed = redis.call("GET", u)
if packed then
  local v = {struct.unpack(FORMAT, packed)}
  at, seq, n = v[1], v[2], v[3]
  for s = 1, 9 do level[s] = v[3 + s]; rate[s] = v[12 + s] end
else
  at, seq, n = now, 1, 0
  for s = 1, 9 do level[s] = 0; rate[s] = 0 end
end
local elapsed = now - at
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
if n > 0 then
  local due = redis.call("ZRANGEBYSCORE", z, "-inf", at)
  if #due > 0 then
    for _, id in ipairs(due) do refund(tonumber(redis.call("HGET", a, id)) or 0) end
    redis.call("HDEL", a, unpack(due))
    redis.call("ZREMRANGEBYSCORE", z, "-inf", at)
    n = n - #due
    changed = true
  end
end
local function pack()
  return struct.pack(FORMAT, at, seq, n, level[1], level[2], level[3], level[4], level[5], level[6],
    level[7], level[8], level[9], rate[1], rate[2], rate[3], rate[4], rate[5], rate[6], rate[7], rate[8], rate[9])
end
local function save(state)
  local longest = 0
  for s = 1, 9 do
    if level[s] > 0 and rate[s] > 0 then longest = math.max(longest, level[s] / rate[s]) end
  end
  local ttl = math.ceil(longest) + 86400000
  redis.call("SET", u, state, "PX", ttl)
  if n > 0 then
    redis.call("PEXPIRE", z, ttl)
    redis.call("PEXPIRE", a, ttl)
  end
end
if op == "settle" then
  local id = ARGV[3]
  local reserved = n > 0 and tonumber(redis.call("HGET", a, id)) or nil
  if not reserved then
    if changed then save(pack()) end
    return {0, "0"}
  end
  redis.call("HDEL", a, id)
  redis.call("ZREM", z, id)
  n = n - 1
  local refunded = reserved - tonumber(ARGV[4])
  refund(refunded)
  save(pack())
  return {1, string.format("%.17g", refunded)}
end
local ttlMs, input, output = tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
local denied, wait, exceeds = -1, 0, 0
local limit, ratePerMs = {}, {}
for s = 1, 9 do
  limit[s] = tonumber(ARGV[5 + s])
  ratePerMs[s] = limit[s] > 0 and limit[s] / WINDOW[(s - 1) % 3 + 1] or 0
  if limit[s] > 0 then
    local cost = s <= 3 and 1 or (s <= 6 and input or output)
    local over = level[s] + cost - limit[s]
    if over > 0 then
      local w = math.ceil(over / ratePerMs[s])
      if cost > limit[s] then exceeds = 1 end
      if w >= wait then wait = w; denied = s - 1 end
    end
  end
end
local reservation = 0
if denied < 0 then
  for s = 1, 9 do
    rate[s] = ratePerMs[s]
    if rate[s] == 0 then level[s] = 0 else level[s] = level[s] + (s <= 3 and 1 or (s <= 6 and input or output)) end
  end
  if output > 0 then
    reservation = seq
    seq = seq + 1
    n = n + 1
    redis.call("HSET", a, reservation, output)
    redis.call("ZADD", z, now + ttlMs, reservation)
  end
end
local state = pack()
if denied < 0 or changed then save(state) end
return {denied < 0 and 1 or 0, denied, wait, exceeds, reservation, state}
`;
