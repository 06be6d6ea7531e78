import CDigest

/// SHA-256, SHA-1 and HMAC-SHA256 over the system's libcrypto (OpenSSL): what SigV4, the
/// request bodies and the caches hash with. Failing means libcrypto is broken or out of memory,
/// which nothing here can recover from: it stops the process with a message.
package enum Digest {
    package static func sha256(_ bytes: UnsafeRawBufferPointer) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: 32) { out, count in
            check(rf_sha256(bytes.baseAddress, bytes.count, out.baseAddress), "SHA-256")
            count = 32
        }
    }

    package static func sha256(_ bytes: [UInt8]) -> [UInt8] { bytes.withUnsafeBytes { sha256($0) } }

    package static func sha1(_ bytes: [UInt8]) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: 20) { out, count in
            bytes.withUnsafeBytes { check(rf_sha1($0.baseAddress, $0.count, out.baseAddress), "SHA-1") }
            count = 20
        }
    }

    package static func hmacSHA256(key: [UInt8], _ bytes: [UInt8]) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: 32) { out, count in
            key.withUnsafeBytes { k in
                bytes.withUnsafeBytes { d in
                    check(rf_hmac_sha256(k.baseAddress, k.count, d.baseAddress, d.count, out.baseAddress), "HMAC-SHA256")
                }
            }
            count = 32
        }
    }

    /// SHA-256 fed piece by piece; `finish` once.
    package final class SHA256Hasher {
        private let context: UnsafeMutableRawPointer?
        private var finished = false

        package init() {
            context = rf_sha256_begin()
            Digest.check(context != nil ? 1 : 0, "SHA-256")
        }

        package func update(_ bytes: UnsafeRawBufferPointer) {
            Digest.check(rf_sha256_update(context, bytes.baseAddress, bytes.count), "SHA-256")
        }

        package func finish() -> [UInt8] {
            precondition(!finished, "a SHA-256 finished twice")
            finished = true
            return [UInt8](unsafeUninitializedCapacity: 32) { out, count in
                Digest.check(rf_sha256_finish(context, out.baseAddress), "SHA-256")
                count = 32
            }
        }

        deinit {
            guard !finished, let context else { return }
            var discarded = [UInt8](repeating: 0, count: 32)
            _ = rf_sha256_finish(context, &discarded)
        }
    }

    /// The libcrypto that runs, for `--version`: "OpenSSL 3.0.19 …" without its date.
    package static var libraryVersion: String {
        String(String(cString: rf_crypto_version()).split(separator: " ").prefix(2).joined(separator: " "))
    }

    fileprivate static func check(_ ok: Int32, _ what: String) {
        guard ok == 1 else { fatalError("libcrypto failed to compute \(what)") }
    }
}
