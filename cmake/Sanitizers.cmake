# One option turns on sanitizers for compile and link of everything:
#   -DPW_SANITIZE=address;undefined   or   -DPW_SANITIZE=thread
set(PW_SANITIZE "" CACHE STRING "Sanitizers to enable (address;undefined or thread)")
if(PW_SANITIZE)
  string(REPLACE ";" "," _pw_san "${PW_SANITIZE}")
  add_compile_options(-fsanitize=${_pw_san} -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=${_pw_san})
endif()
