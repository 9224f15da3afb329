-- Gives back what a lease on a per-minute limit did not use: its window entry (the attempt that
-- took the lease and the lease itself, under the attempt's id) keeps its time and is rewritten
-- to the amount really used, so the window counts exactly what was handed out, when it was
-- granted. An entry that already left the window has nothing to give back.
-- KEYS[1]: window zset, KEYS[2]: window sum. ARGV: id, amount granted (the entry), amount used.
local granted, used = tonumber(ARGV[2]), tonumber(ARGV[3])
local m = ARGV[1] .. ':' .. ARGV[2]
local at = redis.call('ZSCORE', KEYS[1], m)
if not at or used >= granted or used < 0 then return 0 end
redis.call('ZREM', KEYS[1], m)
if used > 0 then redis.call('ZADD', KEYS[1], at, ARGV[1] .. ':' .. ARGV[3]) end
redis.call('DECRBY', KEYS[2], granted - used)
return granted - used
