# CMake toolchain file: cross-compiles for 64-bit Windows with Debian's MinGW-w64 (the POSIX
# threads flavour, which C++'s std::thread needs) on a Linux machine.
#
#   cmake -DCMAKE_TOOLCHAIN_FILE=installer/windows/mingw-w64.cmake \
#         -DSCELLE_WINDOWS_PREFIX=/var/cache/scelle-windows/prefix-<key> ...
#
# SCELLE_WINDOWS_PREFIX (or the environment variable of the same name) is the folder that
# installer/windows/cross-build.sh fills with the Windows builds of the dependencies: it is the
# only place where libraries, headers and pkg-config files are looked for (the build machine's
# own /usr is never used), programs (compilers, code generators) are taken from the build
# machine.
set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_SYSTEM_PROCESSOR x86_64)
set(scelle_mingw_triplet x86_64-w64-mingw32)

set(CMAKE_C_COMPILER ${scelle_mingw_triplet}-gcc-posix)
set(CMAKE_CXX_COMPILER ${scelle_mingw_triplet}-g++-posix)
set(CMAKE_RC_COMPILER ${scelle_mingw_triplet}-windres)
set(CMAKE_AR ${scelle_mingw_triplet}-ar CACHE FILEPATH "")
set(CMAKE_RANLIB ${scelle_mingw_triplet}-ranlib CACHE FILEPATH "")

if(NOT SCELLE_WINDOWS_PREFIX AND DEFINED ENV{SCELLE_WINDOWS_PREFIX})
    set(SCELLE_WINDOWS_PREFIX "$ENV{SCELLE_WINDOWS_PREFIX}")
endif()
# Try-compile projects are configured again with this file: pass the prefix on to them.
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES SCELLE_WINDOWS_PREFIX)

set(CMAKE_FIND_ROOT_PATH /usr/${scelle_mingw_triplet})
if(SCELLE_WINDOWS_PREFIX)
    list(PREPEND CMAKE_FIND_ROOT_PATH "${SCELLE_WINDOWS_PREFIX}")
    list(APPEND CMAKE_PREFIX_PATH "${SCELLE_WINDOWS_PREFIX}")
    # pkg-config reads the prefix's .pc files and nothing else.
    set(ENV{PKG_CONFIG_LIBDIR} "${SCELLE_WINDOWS_PREFIX}/lib/pkgconfig:${SCELLE_WINDOWS_PREFIX}/share/pkgconfig")
    set(ENV{PKG_CONFIG_PATH} "")
    unset(ENV{PKG_CONFIG_SYSROOT_DIR})
endif()
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

# Programs built here run under Wine on the build machine (tests, the smoke program).
find_program(SCELLE_WINE NAMES wine64 wine)
if(SCELLE_WINE)
    set(CMAKE_CROSSCOMPILING_EMULATOR ${SCELLE_WINE})
endif()

# Static libgcc, libstdc++ and winpthread (-static): the programs and modules need no MinGW
# runtime DLL beside them, only Windows' own.
set(CMAKE_EXE_LINKER_FLAGS_INIT "-static -static-libgcc -static-libstdc++")
set(CMAKE_SHARED_LINKER_FLAGS_INIT "-static -static-libgcc -static-libstdc++")
set(CMAKE_MODULE_LINKER_FLAGS_INIT "-static -static-libgcc -static-libstdc++")
