import Glibc
import RekFilterCLI

exit(Rekfilter.main(Array(CommandLine.arguments.dropFirst())))
