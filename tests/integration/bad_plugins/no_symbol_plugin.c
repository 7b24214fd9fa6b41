/* A shared library without the postwatch_plugin_v1 entry symbol. */
int postwatch_not_a_plugin(void) { return 42; }
