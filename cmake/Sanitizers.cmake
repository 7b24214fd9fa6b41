# One option turns on sanitizers for compile and link of everything:
#   -DPW_SANITIZE=ON (same as address;undefined)   -DPW_SANITIZE=address;undefined   or   -DPW_SANITIZE=thread
# (`make test SANITIZE=1` uses the libFuzzer build instead, which also has ASan+UBSan; see Fuzz.cmake.)
set(PW_SANITIZE "" CACHE STRING "Sanitizers to enable (ON = address;undefined, or thread)")
if(PW_SANITIZE)
  if(PW_SANITIZE STREQUAL "ON" OR PW_SANITIZE STREQUAL "1" OR PW_SANITIZE STREQUAL "TRUE")
    set(_pw_san "address,undefined")
  else()
    string(REPLACE ";" "," _pw_san "${PW_SANITIZE}")
  endif()
  add_compile_options(-fsanitize=${_pw_san} -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=${_pw_san})
endif()
