# pw_add_plugin(NAME SOURCES...): a fetch plugin as a shared library that exports exactly
# one symbol (postwatch_plugin_v1), with hidden visibility, no executable stack and no text
# relocations, so that it loads under MemoryDenyWriteExecute.
function(pw_add_plugin name)
  add_library(pw_plugin_${name} MODULE ${ARGN})
  set_target_properties(pw_plugin_${name} PROPERTIES
    OUTPUT_NAME "postwatch_${name}" PREFIX ""
    LIBRARY_OUTPUT_DIRECTORY "${CMAKE_BINARY_DIR}/plugins"
    CXX_VISIBILITY_PRESET hidden C_VISIBILITY_PRESET hidden VISIBILITY_INLINES_HIDDEN ON
    POSITION_INDEPENDENT_CODE ON)
  target_include_directories(pw_plugin_${name} PRIVATE ${PROJECT_SOURCE_DIR}/plugins/include)
  # The version script exports postwatch_plugin_v1 only: -fvisibility=hidden does not hide
  # template instantiations from libstdc++ headers (namespace std has default visibility).
  target_link_options(pw_plugin_${name} PRIVATE -Wl,-z,noexecstack -Wl,-z,relro -Wl,-z,now
    -Wl,-z,text -Wl,--version-script=${PROJECT_SOURCE_DIR}/cmake/plugin_exports.map)
  # Every symbol resolved at link time; not under clang's sanitizers, whose runtime is linked
  # into the executable that loads the plugin, not into the plugin.
  if(NOT PW_FUZZING AND NOT PW_SANITIZE)
    target_link_options(pw_plugin_${name} PRIVATE -Wl,--no-undefined)
  endif()
  set_property(TARGET pw_plugin_${name} APPEND PROPERTY LINK_DEPENDS
    ${PROJECT_SOURCE_DIR}/cmake/plugin_exports.map)
  target_link_libraries(pw_plugin_${name} PRIVATE pw_warnings)
  install(TARGETS pw_plugin_${name} LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}/postwatch/plugins)
endfunction()
