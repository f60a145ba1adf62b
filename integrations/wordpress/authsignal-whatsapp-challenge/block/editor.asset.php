<?php
/**
 * Dependencies of block/editor.js (written by hand: the file has no build step).
 *
 * @package AuthsignalWhatsApp
 */

return array(
	'dependencies' => array( 'wp-blocks', 'wp-element', 'wp-i18n', 'wp-block-editor', 'wp-components', 'wp-server-side-render' ),
	'version'      => '0.1.0',
);
