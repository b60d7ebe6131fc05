;;; test.el --- Emacs (batch) + eglot against `lede lsp'  -*- lexical-binding: t -*-
;; Env: LEDE_BIN (the lede binary), LEDE_WS (workspace copy), LEDE_ARTICLE (article in it).
;; Asserts: flymake diagnostics from eglot equal `lede check --format json' for the
;; article (rule and range), and the glued-digits quick fix gives
;; "contributing 97.8% to the city".
(require 'eglot)
(require 'json)
(require 'subr-x)

(defvar lede-failures 0)
(defun lede-check (ok what &optional detail)
  (if ok
      (princ (format "ok   %s\n" what))
    (setq lede-failures (1+ lede-failures))
    (princ (format "FAIL %s\n%s" what
                   (if detail
                       (concat "     " (replace-regexp-in-string "\n" "\n     " (format "%s" detail)) "\n")
                     ""))))
  ok)

(defun lede-finish ()
  (princ (if (= lede-failures 0) "emacs: all passed\n"
           (format "emacs: %d failed\n" lede-failures)))
  (ignore-errors (eglot-shutdown (eglot-current-server)))
  (kill-emacs (if (= lede-failures 0) 0 1)))

(let* ((bin (getenv "LEDE_BIN"))
       (ws (file-name-as-directory (getenv "LEDE_WS")))
       (article (getenv "LEDE_ARTICLE"))
       (default-directory ws)
       (eglot-sync-connect 60)   ; seconds; a hang guard
       (eglot-autoshutdown t)
       (inhibit-message t))
  (setq eglot-server-programs `((text-mode . (,bin "lsp"))))
  (find-file article)
  (text-mode)
  (condition-case err
      (apply #'eglot (eglot--guess-contact))
    (error (lede-check nil "eglot connects to lede lsp" err)))
  (unless (lede-check (eglot-current-server) "eglot manages the article")
    (lede-finish))
  ;; Expected: the CLI over the same folder, this article's findings.
  (let* ((json (with-temp-buffer
                 (call-process bin nil (list t nil) nil "check" "--format" "json" ".")
                 (buffer-string)))
         (findings (condition-case nil
                       (json-parse-string json :object-type 'alist :array-type 'list)
                     (error (lede-check nil "lede check --format json parses" json) nil)))
         (rel (file-relative-name article ws))
         (pos (lambda (line col)        ; 1-based line, 1-based column in characters
                (save-excursion
                  (goto-char (point-min))
                  (forward-line (1- line))
                  (min (point-max) (+ (point) (1- col))))))
         (expected
          (sort (cl-loop for f in findings
                         when (equal (string-remove-prefix "./" (alist-get 'path f)) rel)
                         collect (format "%s %d-%d" (alist-get 'rule f)
                                         (funcall pos (alist-get 'line f) (alist-get 'column f))
                                         (funcall pos (alist-get 'end_line f) (alist-get 'end_column f))))
                #'string<))
         (shown (lambda ()
                  (sort (cl-loop for d in (flymake-diagnostics)
                                 collect (format "%s %d-%d"
                                                 (if (string-match "\\`lede \\[\\([^]]+\\)\\]" (flymake-diagnostic-text d))
                                                     (match-string 1 (flymake-diagnostic-text d))
                                                   (flymake-diagnostic-text d))
                                                 (flymake-diagnostic-beg d) (flymake-diagnostic-end d)))
                        #'string<)))
         (got nil))
    ;; The server publishes as it learns (the article first, then with the workspace
    ;; index): wait until flymake shows the CLI's findings. The 60 s only stop a hung run.
    (let ((deadline (+ (float-time) 60)))
      (while (progn (flymake-start)
                    (accept-process-output nil 0.1)
                    (setq got (funcall shown))
                    (and (not (equal expected got)) (< (float-time) deadline)))))
    (lede-check (> (length expected) 0) (format "the CLI reports findings for the article (%d)" (length expected)))
    (lede-check (equal expected got) "eglot/flymake diagnostics equal the CLI findings (rule and range)"
                (format "cli:\n%s\nemacs:\n%s" (string-join expected "\n") (string-join got "\n"))))
  ;; The glued-digits quick fix.
  (let* ((needle (save-excursion (goto-char (point-min)) (search-forward "city8%" nil t)))
         (diag (and needle
                    (cl-find-if (lambda (d) (string-prefix-p "lede [numbers/glued-digits]" (flymake-diagnostic-text d)))
                                (flymake-diagnostics (line-beginning-position) (point-max))))))
    (when (lede-check diag "a numbers/glued-digits diagnostic at city8%")
      (let* ((actions (eglot-code-actions (flymake-diagnostic-beg diag) (flymake-diagnostic-end diag) "quickfix"))
             (fix (cl-find-if (lambda (a)
                                (and (plist-get a :edit)
                                     (cl-some (lambda (d) (equal (plist-get d :code) "numbers/glued-digits"))
                                              (plist-get a :diagnostics))))
                              actions)))
        (when (lede-check fix "the server offers a quick fix for it"
                          (mapconcat (lambda (a) (plist-get a :title)) actions "\n"))
          (eglot--apply-workspace-edit (plist-get fix :edit))
          (lede-check (save-excursion (goto-char (point-min)) (search-forward "contributing 97.8% to the city" nil t))
                      (format "applying %S gives \"contributing 97.8%% to the city\"" (plist-get fix :title))
                      (save-excursion (goto-char (point-min)) (search-forward "contributing" nil t)
                                      (buffer-substring (line-beginning-position) (line-end-position))))
          (set-buffer-modified-p nil)))))
  (lede-finish))
