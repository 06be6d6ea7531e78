#if canImport(Glibc)
import Glibc
#endif
import RekFilterCLI

exit(Rekfilter.main(Array(CommandLine.arguments.dropFirst())))
