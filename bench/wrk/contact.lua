-- GET /api/v1/contacts/{id} for random ids in [MIN_ID, MAX_ID].
package.path = "bench/wrk/?.lua;" .. package.path
local common = require("common")
local lo, hi = tonumber(os.getenv("MIN_ID")), tonumber(os.getenv("MAX_ID"))
local headers = common.headers()
function init(args) math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16)) end
function request()
  return wrk.format("GET", "/api/v1/contacts/" .. math.random(lo, hi), headers)
end
done = common.done("contact")
