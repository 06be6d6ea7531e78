import AWSCore
import CCurl
import CImaging

/// rekfilter's version, as `--version` and the User-Agent give it.
public enum RekFilterVersion {
    public static let string = "0.2.0"

    /// `rekfilter --version`: the version, and the libraries it runs with (as `curl --version`
    /// lists its own), so that a bug report says what ran.
    public static var full: String {
        """
        rekfilter \(string)
        libjpeg-turbo \(String(cString: rf_jpeg_version())), libpng \(String(cString: rf_png_version())), \
        zlib \(String(cString: rf_zlib_version())), libcurl \(String(cString: rf_curl_version())), FreeType \(FreeTypeFace.libraryVersion), \(Digest.libraryVersion)

        """
    }
}
