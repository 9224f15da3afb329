-- Shrinks a budget lease's reservation when the lease ends with calls still in flight: what no
-- call holds any more goes back to the budget now, not when the last call settles. A reservation
-- already settled, expired or of another amount (sent twice, or after its settlement) is left.
-- KEYS[1]: budget hash. ARGV: id, amount reserved, amount to keep reserved.
local v = redis.call('HGET', KEYS[1], 'r:' .. ARGV[1])
local from, keep = tonumber(ARGV[2]), tonumber(ARGV[3])
if not v or v == 's' or tonumber(v) ~= from or keep < 0 or keep >= from then return 0 end
redis.call('HSET', KEYS[1], 'r:' .. ARGV[1], ARGV[3])
redis.call('HINCRBY', KEYS[1], 'reserved', keep - from)
return from - keep
