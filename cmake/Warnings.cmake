# Warnings belong to targets: link pw_warnings to every target we own.
option(PW_WERROR "Treat warnings as errors" OFF)
add_library(pw_warnings INTERFACE)
target_compile_options(pw_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor
  $<$<COMPILE_LANGUAGE:CXX>:-Wold-style-cast>
  $<$<BOOL:${PW_WERROR}>:-Werror>)
