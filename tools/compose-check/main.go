// compose-check loads a compose file with the compose-spec loader (the library Docker Compose itself
// uses), without a Docker engine, and prints the normalized model as JSON — or the loader's error and
// exit status 1. test/unit/compose.spec.ts runs it on docker-compose.yml with the variables of
// .env.example and asserts on the model.
//
//	compose-check [-f docker-compose.yml] [-env-file .env.example] [-unset NAME]... [-project banli]
//
// Only the env file's variables are used, never the caller's environment, so the answer is the same
// on every machine. -unset drops a variable from them, to see the default the compose file gives it.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/compose-spec/compose-go/v2/dotenv"
	"github.com/compose-spec/compose-go/v2/loader"
	"github.com/compose-spec/compose-go/v2/types"
)

type names []string

func (n *names) String() string     { return strings.Join(*n, ",") }
func (n *names) Set(v string) error { *n = append(*n, v); return nil }

func main() {
	file := flag.String("f", "docker-compose.yml", "compose file")
	envFile := flag.String("env-file", ".env.example", "variables for interpolation (none when empty)")
	project := flag.String("project", "banli", "project name when the file sets none")
	var unset names
	flag.Var(&unset, "unset", "drop this variable from the env file's (repeatable)")
	flag.Parse()

	if err := run(*file, *envFile, *project, unset); err != nil {
		fmt.Fprintln(os.Stderr, "compose-check:", err)
		os.Exit(1)
	}
}

func run(file, envFile, project string, unset []string) error {
	abs, err := filepath.Abs(file)
	if err != nil {
		return err
	}
	env := map[string]string{}
	if envFile != "" {
		if env, err = dotenv.Read(envFile); err != nil {
			return fmt.Errorf("reading %s: %w", envFile, err)
		}
	}
	for _, name := range unset {
		delete(env, name)
	}
	content, err := os.ReadFile(abs)
	if err != nil {
		return err
	}
	details := types.ConfigDetails{
		WorkingDir:  filepath.Dir(abs),
		ConfigFiles: []types.ConfigFile{{Filename: abs, Content: content}},
		Environment: env,
	}
	p, err := loader.LoadWithContext(context.Background(), details, func(o *loader.Options) {
		o.SetProjectName(project, false)
		o.ResolvePaths = true
	})
	if err != nil {
		return err
	}
	out, err := p.MarshalJSON()
	if err != nil {
		return err
	}
	_, err = os.Stdout.Write(append(out, '\n'))
	return err
}
