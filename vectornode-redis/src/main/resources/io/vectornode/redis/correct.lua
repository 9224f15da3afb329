-- Corrects a per-minute window by a delta (the real amount less the estimate taken).
-- KEYS[1]: window zset, KEYS[2]: window sum. ARGV: now ms ('' = server time), id, delta.
local now = tonumber(ARGV[1])
if not now then
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
redis.call('ZADD', KEYS[1], now, ARGV[2] .. ':' .. ARGV[3])
redis.call('INCRBY', KEYS[2], ARGV[3])
return 1
