// Kotlin over the Java API, as an Android app or a Kotlin server writes it: the shared vectors
// through PaytmChecksum and MerchantKey (use {} closes the key). Run by scripts/test-jvm.sh when
// kotlinc is installed:  java -cp paytm-checkout.jar:usage.jar:kotlin-stdlib.jar UsageKt checksum.json
import dev.paytmcheckout.Json
import dev.paytmcheckout.MerchantKey
import dev.paytmcheckout.PaytmChecksum
import dev.paytmcheckout.PaytmException
import java.io.File
import java.util.TreeMap

fun main(args: Array<String>) {
    val doc = Json.parseObject(File(args[0]).readText())
    var reproduced = 0
    for (case in doc["cases"] as List<*>) {
        val c = case as Map<*, *>
        val key = c["key"] as String
        val checksum = c["checksum"] as String
        val valid = c["valid"] as Boolean
        val ok = if (c["kind"] == "string") {
            val params = c["params"] as String
            MerchantKey(key).use { k ->
                k.verify(params, checksum) == valid && (!valid || k.signWithSalt(params, c["salt"] as String) == checksum)
            }
        } else {
            val params = TreeMap<String, String>()
            (c["params"] as Map<*, *>).forEach { (name, value) -> params[name as String] = value as String }
            PaytmChecksum.verifySignature(params, key, checksum) == valid
        }
        if (!ok) {
            println("kotlin: vector ${c["name"]} failed")
            System.exit(1)
        }
        reproduced++
    }
    try {
        MerchantKey("short").close()
        System.exit(1)
    } catch (e: PaytmException) {
        check(e.codeName() == "INVALID_KEY_LENGTH")
    }
    println("kotlin: $reproduced vectors reproduced")
}
