package main

import "strings"

// hostArgs is what the engine tells a language host on its command line.
type hostArgs struct {
	// EngineAddress is the first positional argument; the engine appends it last.
	EngineAddress string
	// Tracing is the Zipkin endpoint passed with --tracing, forwarded to the program.
	Tracing string
}

// flagsWithSeparateValue are the flags the engine may pass as `--name value` instead of `--name=value`.
var flagsWithSeparateValue = map[string]bool{"tracing": true, "root": true}

// parseHostArgs accepts any flag, because engines add flags over time (-root, -v=N, --logtostderr,
// runtime options) and a host that rejects one cannot start at all.
func parseHostArgs(argv []string) hostArgs {
	var out hostArgs
	var positional []string
	for i := 0; i < len(argv); i++ {
		arg := argv[i]
		if !strings.HasPrefix(arg, "-") || arg == "-" {
			positional = append(positional, arg)
			continue
		}
		if arg == "--" {
			positional = append(positional, argv[i+1:]...)
			break
		}
		name := strings.TrimLeft(arg, "-")
		value := ""
		hasValue := false
		if eq := strings.IndexByte(name, '='); eq >= 0 {
			name, value, hasValue = name[:eq], name[eq+1:], true
		} else if flagsWithSeparateValue[name] && i+1 < len(argv) {
			i++
			value, hasValue = argv[i], true
		}
		if name == "tracing" && hasValue {
			out.Tracing = value
		}
	}
	if len(positional) > 0 {
		out.EngineAddress = positional[0]
	}
	return out
}
