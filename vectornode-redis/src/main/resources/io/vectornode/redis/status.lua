-- A budget's spent and reserved now, after releasing expired reservations.
-- KEYS[1]: budget hash, KEYS[2]: reservation zset. ARGV[1]: now ms ('' = server time).
local now = tonumber(ARGV[1])
if not now then
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
local h, z = KEYS[1], KEYS[2]
local expired = redis.call('ZRANGEBYSCORE', z, '-inf', now, 'LIMIT', 0, 10000)
for _, r in ipairs(expired) do
  local v = redis.call('HGET', h, 'r:' .. r)
  if v and v ~= 's' then redis.call('HINCRBY', h, 'reserved', -tonumber(v)) end
  redis.call('HDEL', h, 'r:' .. r)
  redis.call('ZREM', z, r)
end
return {tonumber(redis.call('HGET', h, 'spent') or '0'),
  math.max(0, tonumber(redis.call('HGET', h, 'reserved') or '0'))}
