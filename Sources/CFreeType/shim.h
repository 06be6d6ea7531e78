/* FreeType 2, as Debian's libfreetype-dev installs it (headers under /usr/include/freetype2). */
#include <ft2build.h>
#include <freetype/freetype.h>
