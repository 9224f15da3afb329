-- Records a key or deployment cooling down or disabled, keeping the later end, and publishes it.
-- KEYS[1]: the health hash. ARGV: field, kind ('c' or 'd'), until ms, status, channel, message,
-- now ms ('' = server time). A value admit.lua takes for garbage, or one that has ended, is
-- overwritten.
local now = tonumber(ARGV[7])
if not now then
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
local v = redis.call('HGET', KEYS[1], ARGV[1])
if v then
  local kind, untilMs, status = string.match(v, '^([cd]):(%d+):?(%d*)$')
  if kind and #untilMs <= 15 and #status <= 3 and tonumber(untilMs) > now and (kind == 'd'
      or (kind == ARGV[2] and tonumber(untilMs) >= tonumber(ARGV[3]))) then
    return 0
  end
end
local value = ARGV[2] .. ':' .. ARGV[3]
if ARGV[2] == 'd' then value = value .. ':' .. ARGV[4] end
redis.call('HSET', KEYS[1], ARGV[1], value)
redis.call('PUBLISH', ARGV[5], ARGV[6])
return 1
