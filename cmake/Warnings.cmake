# Warnings belong to targets: link pw_warnings to every target we own.
option(PW_WERROR "Treat warnings as errors" OFF)
add_library(pw_warnings INTERFACE)
target_compile_options(pw_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor
  $<$<COMPILE_LANGUAGE:CXX>:-Wold-style-cast>
  # RapidJSON 1.1's member iterators declare operator== against their const form, which
  # C++20's reversed candidates make ambiguous in clang's eyes for every `it == MemberEnd()`.
  $<$<AND:$<COMPILE_LANGUAGE:CXX>,$<CXX_COMPILER_ID:Clang>>:-Wno-ambiguous-reversed-operator>
  $<$<BOOL:${PW_WERROR}>:-Werror>)
