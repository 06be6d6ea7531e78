import Basics

/// A batch's output as one format of the driver's: on each worker, as each input completes,
/// every `-f` format's single-picture document for it, each written whole to `DEST/KEY.ext`;
/// nothing on stdout. A failed input gets no result, so that the next run does it again.
enum BatchFormat {
    static func descriptor(
        formats: [FormatDescriptor], results: (any BatchResults)?, ledger: BatchLedger, sourceRefPrefix: String?,
        collector: BatchCollector?
    ) -> FormatDescriptor {
        FormatDescriptor(
            name: "batch", fileExtensions: [], mediaType: "application/octet-stream",
            summary: "a tree of results, one per input and format",
            needs: formats.reduce(into: FormatDescriptor.Needs()) { $0.formUnion($1.needs) }, keepsFailedFrames: false,
            usesNamesAndClasses: true
        ) { options, services in
            .init(
                renderer: Renderer(
                    formats: formats, options: options, services: services, results: results, ledger: ledger,
                    sourceRefPrefix: sourceRefPrefix, collector: collector),
                writer: NoWriter())
        }
    }

    struct Renderer: FrameRenderer {
        let formats: [FormatDescriptor]
        let options: FormatOptions
        let services: FormatServices
        let results: (any BatchResults)?
        let ledger: BatchLedger
        let sourceRefPrefix: String?
        let collector: BatchCollector?

        func render(_ frame: FrameResult, stream: Bool, to out: any ByteWriter) throws {
            guard frame.error == nil, let input = ledger.input(frame.index) else { return }
            var frame = frame
            frame.name = input.key
            var options = self.options
            // The manifest's source-ref: the input's own S3 URI, else the prefix + key.
            let reference: String? =
                if case .s3 = input.location { input.source } else { sourceRefPrefix.map { $0 + input.key } }
            options.manifest.sourceRef = reference
            options.naming.sourceRef = reference
            options.naming.template = input.key
            for (format, ext) in zip(formats, results?.extensions ?? []) {
                let buffer = ByteBuffer()
                try format.make(options, services).write([frame], stream: false, to: buffer)
                try results?.write(buffer.bytes, key: input.key, extension: ext, mediaType: format.mediaType, serial: frame.index)
            }
            collector?.add(input, frame: frame)
        }
    }

    /// Writes nothing: the renderer has written each result in its own file.
    struct NoWriter: OutputWriter {
        mutating func begin(stream: Bool, to out: any ByteWriter) throws {}
        mutating func append(_ frame: FrameResult, rendered: RenderedFrame, stream: Bool, to out: any ByteWriter) throws {}
        mutating func end(stream: Bool, to out: any ByteWriter) throws {}
    }
}
