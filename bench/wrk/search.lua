-- GET /api/v1/search?q=… with the queries of bench/queries.txt, picked at random.
package.path = "bench/wrk/?.lua;" .. package.path
local common = require("common")
local queries = {}
for line in io.lines(os.getenv("QUERIES") or "bench/queries.txt") do
  if line ~= "" and line:sub(1, 1) ~= "#" then table.insert(queries, line) end
end
local function encode(s)
  return (s:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end
local headers = common.headers()
function init(args) math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16)) end
function request()
  return wrk.format("GET", "/api/v1/search?q=" .. encode(queries[math.random(#queries)]), headers)
end
done = common.done("search")
