// Command pulumi-language-nodejs is a small Node.js language host for the Pulumi engine.
//
// The official host's Go module is not available from the module proxy this project builds from
// (FACTS.md §4), so scripts/ensure-pulumi builds this one next to the CLI. It serves the
// LanguageRuntime gRPC service and runs programs through the SDK's own `@pulumi/pulumi/cmd/run`,
// which does the real work (ts-node, config, the resource monitor connection).
package main

import (
	"fmt"
	"os"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
)

func main() {
	args := parseHostArgs(os.Args[1:])
	host := newNodeHost(args)
	watchParent(time.Second, func() {
		host.killPrograms()
		os.Exit(1)
	})

	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Init: func(srv *grpc.Server) error {
			pulumirpc.RegisterLanguageRuntimeServer(srv, host)
			return nil
		},
	})
	if err != nil {
		fmt.Fprintf(os.Stderr, "pulumi-language-nodejs: could not start the gRPC server: %v\n", err)
		os.Exit(1)
	}

	// The engine reads the first stdout line as the port to dial; every plugin speaks this way.
	fmt.Printf("%d\n", handle.Port)

	if err := <-handle.Done; err != nil {
		fmt.Fprintf(os.Stderr, "pulumi-language-nodejs: the gRPC server stopped: %v\n", err)
		os.Exit(1)
	}
}
