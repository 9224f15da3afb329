-- Admits one attempt, all or nothing (see RedisState.admit), after applying the settlements
-- made since the last admission. A settlement no admission carries is sent alone through this
-- script too, with nothing to admit (no key, no deployment, no takes, no holds).
-- KEYS[1]: the health hash; then two keys per take (window zset, window sum); then two per hold
--   (budget hash, reservation zset); then two per settlement (budget hash, reservation zset).
-- ARGV: now ms ('' = server time), key field, deployment field, takes, holds, attempt id,
--   settlements, then per take: perMinute, amount, lease; then per hold: limit, amount, expiry
--   ms, ttl ms, lease; then per settlement: id, actual (-1: the reservation), reserved, ttl ms,
--   thresholds, then pairs of (threshold name, threshold amount).
-- A lease is an amount wanted beyond the attempt's own, for the instance to hand out locally
-- (see Leases.java): granted whole when it fits with the attempt's amount, else not at all (the
-- attempt alone is then admitted or refused as without it). Granted with the attempt, under its
-- id: one window entry, one reservation.
-- Returns {crossed, [settlement, threshold name, spent, reserved] * crossed, then the verdict:
--   0, lease granted per take, lease granted per hold: admitted; 1, take: limited; 2, hold,
--   spent, reserved: budget; 3, until: key cooling; 4, status, until: key disabled; 5, until:
--   deployment cooling}.
local now = tonumber(ARGV[1])
if not now then
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end

local takes, holds, settles, id = tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[7]),
  ARGV[6]
local out = {0}
-- The settlements first: what they release is free for this admission.
local sk = 2 + 2 * takes + 2 * holds
local sa = 8 + 3 * takes + 5 * holds
for i = 1, settles do
  local h, z, sid = KEYS[sk], KEYS[sk + 1], ARGV[sa]
  local thresholds = tonumber(ARGV[sa + 4])
  local v = redis.call('HGET', h, 'r:' .. sid)
  if v ~= 's' then
    local held = tonumber(ARGV[sa + 2])
    -- Marked settled: the mark lives as long as the reservation would have (its zset entry),
    -- or 10 minutes for one Redis no longer held; a settlement sent again is then ignored.
    redis.call('HSET', h, 'r:' .. sid, 's')
    if v then
      held = tonumber(v)
      redis.call('HINCRBY', h, 'reserved', -held)
    else
      redis.call('ZADD', z, now + 600000, sid)
      redis.call('PEXPIRE', h, tonumber(ARGV[sa + 3]))
      redis.call('PEXPIRE', z, tonumber(ARGV[sa + 3]))
    end
    local charge = tonumber(ARGV[sa + 1])
    if charge < 0 then charge = held end
    local spent = redis.call('HINCRBY', h, 'spent', charge)
    for j = 0, thresholds - 1 do
      local name, amount = ARGV[sa + 5 + 2 * j], tonumber(ARGV[sa + 6 + 2 * j])
      if spent >= amount and redis.call('HSETNX', h, 'th:' .. name, '1') == 1 then
        out[1] = out[1] + 1
        table.insert(out, i)
        table.insert(out, name)
        table.insert(out, spent)
        table.insert(out, math.max(0, tonumber(redis.call('HGET', h, 'reserved') or '0')))
      end
    end
  end
  sk, sa = sk + 2, sa + 5 + 2 * thresholds
end

local function verdict(...)
  for _, x in ipairs({...}) do table.insert(out, x) end
  return out
end

-- A key's or deployment's state: 'c:<until ms>' cooling, 'd:<until ms>:<status>' disabled.
-- Anything else (written by another hand) is absent, and removed as an expired entry is: an
-- until of more than 15 digits or a status of more than 3 is garbage too (Lua numbers are
-- doubles; an until beyond 2^53 would not even compare exactly).
local function health(field, v)
  if not v then return nil end
  local kind, untilMs, status = string.match(v, '^([cd]):(%d+):?(%d*)$')
  if not kind or #untilMs > 15 or #status > 3 or tonumber(untilMs) <= now then
    redis.call('HDEL', KEYS[1], field)
    return nil
  end
  return kind, tonumber(untilMs), tonumber(status)
end

-- Settlements sent alone name no key nor deployment: the health hash is not read.
if ARGV[2] ~= '' or ARGV[3] ~= '' then
  local hv = redis.call('HMGET', KEYS[1], ARGV[2], ARGV[3])
  local kind, untilMs, status = health(ARGV[2], hv[1])
  if kind == 'd' then return verdict(4, status or 0, untilMs) end
  if kind == 'c' then return verdict(3, untilMs) end
  kind, untilMs = health(ARGV[3], hv[2])
  if kind == 'c' then return verdict(5, untilMs) end
end

local k, a = 2, 8
local grants = {}
-- Checks first (purging what left the window or expired), writes only once everything fits.
for i = 1, takes do
  local log, sum = KEYS[k], KEYS[k + 1]
  local per, amount, lease = tonumber(ARGV[a]), tonumber(ARGV[a + 1]), tonumber(ARGV[a + 2])
  local old = redis.call('ZRANGEBYSCORE', log, '-inf', now - 60000, 'LIMIT', 0, 10000)
  if #old > 0 then
    local gone = 0
    for _, m in ipairs(old) do
      gone = gone + tonumber(string.match(m, ':(%-?%d+)$'))
      redis.call('ZREM', log, m)
    end
    redis.call('DECRBY', sum, gone)
  end
  local used = tonumber(redis.call('GET', sum) or '0')
  if lease > 0 and used + amount + lease <= per then
    grants[i] = lease
  else
    grants[i] = 0
    -- An amount larger than the whole limit passes only when nothing is in the window.
    if used + amount > per and not (used <= 0 and amount > per) then return verdict(1, i) end
  end
  k, a = k + 2, a + 3
end
for j = 1, holds do
  local h, z = KEYS[k], KEYS[k + 1]
  local limit, amount, lease = tonumber(ARGV[a]), tonumber(ARGV[a + 1]), tonumber(ARGV[a + 4])
  local expired = redis.call('ZRANGEBYSCORE', z, '-inf', now, 'LIMIT', 0, 10000)
  for _, r in ipairs(expired) do
    local v = redis.call('HGET', h, 'r:' .. r)
    if v and v ~= 's' then redis.call('HINCRBY', h, 'reserved', -tonumber(v)) end
    redis.call('HDEL', h, 'r:' .. r)
    redis.call('ZREM', z, r)
  end
  local sr = redis.call('HMGET', h, 'spent', 'reserved')
  local spent = tonumber(sr[1] or '0')
  local reserved = math.max(0, tonumber(sr[2] or '0'))
  if lease > 0 and spent + reserved + amount + lease <= limit then
    grants[takes + j] = lease
  else
    grants[takes + j] = 0
    if spent >= limit or spent + reserved + amount > limit then
      return verdict(2, j, spent, reserved)
    end
  end
  k, a = k + 2, a + 5
end

k, a = 2, 8
for i = 1, takes do
  local amount = tonumber(ARGV[a + 1]) + grants[i]
  -- No expiry: one window per configured limit, emptied by the admissions themselves.
  redis.call('ZADD', KEYS[k], now, id .. ':' .. string.format('%d', amount))
  redis.call('INCRBY', KEYS[k + 1], amount)
  k, a = k + 2, a + 3
end
for j = 1, holds do
  local amount = tonumber(ARGV[a + 1]) + grants[takes + j]
  local expiry, ttl = tonumber(ARGV[a + 2]), tonumber(ARGV[a + 3])
  redis.call('HSET', KEYS[k], 'r:' .. id, amount)
  redis.call('HINCRBY', KEYS[k], 'reserved', amount)
  redis.call('ZADD', KEYS[k + 1], now + expiry, id)
  -- A period's keys expire a day after it ends: set once, when they are new.
  if redis.call('PTTL', KEYS[k]) < 0 then
    redis.call('PEXPIRE', KEYS[k], ttl)
    redis.call('PEXPIRE', KEYS[k + 1], ttl)
  end
  k, a = k + 2, a + 5
end
table.insert(out, 0)
for i = 1, takes + holds do table.insert(out, grants[i]) end
return out
