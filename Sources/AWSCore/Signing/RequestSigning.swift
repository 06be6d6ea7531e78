import Basics

/// Adds the SigV4 headers to a request's headers.
package enum RequestSigning {
    package static func sign(
        _ headers: [(name: String, value: String)], payloadHash: String, url: URLParts, signer: SigV4Signer,
        method: String = "POST", now: Double
    ) -> [(name: String, value: String)] {
        let amzDate = WallClock.amzDate(now)
        var all = headers + [("Host", url.hostHeader), ("X-Amz-Date", amzDate)]
        if let token = signer.credentials.sessionToken { all.append(("X-Amz-Security-Token", token)) }
        if signer.service == "s3" { all.append(("x-amz-content-sha256", payloadHash)) }
        let request = SigV4Signer.Request(
            method: method, path: SigV4Signer.percentDecode(url.path), query: url.query,
            headers: all, payloadHash: payloadHash)
        let signature = signer.sign(request, amzDate: amzDate)
        // Host is set by libcurl from the URL; the signed value is the same.
        return all.filter { $0.name != "Host" } + [("Authorization", signature.authorization)]
    }
}
