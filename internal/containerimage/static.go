package containerimage

import (
	"debug/elf"
	"fmt"
	"strings"
)

// CheckStatic returns nil when the file is an ELF executable that needs no
// dynamic loader and no shared library (no PT_INTERP program header, no
// DT_NEEDED entry), and otherwise an error saying what it needs. A binary
// that fails it cannot run in an image without a C library.
func CheckStatic(path string) error {
	f, err := elf.Open(path)
	if err != nil {
		return fmt.Errorf("%s is not a readable ELF executable: %w", path, err)
	}
	defer f.Close()
	if f.Type != elf.ET_EXEC && f.Type != elf.ET_DYN {
		return fmt.Errorf("%s is an ELF %s, not an executable", path, f.Type)
	}
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP {
			interp, _ := readAll(p)
			return fmt.Errorf("%s is dynamically linked (program interpreter %s)", path, strings.TrimRight(interp, "\x00"))
		}
	}
	needed, err := f.ImportedLibraries()
	if err != nil {
		return fmt.Errorf("%s: reading its dynamic section: %w", path, err)
	}
	if len(needed) > 0 {
		return fmt.Errorf("%s needs shared libraries %s", path, strings.Join(needed, ", "))
	}
	return nil
}

func readAll(p *elf.Prog) (string, error) {
	if p.Filesz > 4096 {
		return "", fmt.Errorf("interpreter name of %d bytes", p.Filesz)
	}
	b := make([]byte, p.Filesz)
	_, err := p.ReadAt(b, 0)
	return string(b), err
}
