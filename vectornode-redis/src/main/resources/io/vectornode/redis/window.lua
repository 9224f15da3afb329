-- What a per-minute window holds now, after dropping what left it.
-- KEYS[1]: window zset, KEYS[2]: window sum. ARGV[1]: now ms ('' = server time).
local now = tonumber(ARGV[1])
if not now then
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
local old = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now - 60000, 'LIMIT', 0, 10000)
if #old > 0 then
  local gone = 0
  for _, m in ipairs(old) do
    gone = gone + tonumber(string.match(m, ':(%-?%d+)$'))
    redis.call('ZREM', KEYS[1], m)
  end
  redis.call('DECRBY', KEYS[2], gone)
end
return tonumber(redis.call('GET', KEYS[2]) or '0')
