<?php
/**
 * The element's script and its locale files, loaded only by pages that show the element.
 * Both are ES modules (the element's self-contained build), so their tags get type="module".
 *
 * @package AuthsignalWhatsApp
 */

namespace AuthsignalWhatsApp;

defined( 'ABSPATH' ) || exit;

/**
 * Registers the scripts and picks the locale file for a language.
 */
final class Assets {

	/** Script handle of the element. */
	public const HANDLE = 'authsignal-whatsapp-challenge';

	/** Hooks. */
	public static function register_hooks(): void {
		add_action( 'wp_enqueue_scripts', array( self::class, 'register' ) );
		add_action( 'login_enqueue_scripts', array( self::class, 'register' ) );
		add_action( 'admin_enqueue_scripts', array( self::class, 'register' ) );
		add_filter( 'script_loader_tag', array( self::class, 'module_tag' ), 10, 2 );
	}

	/** Registers the element's script (enqueued by the pages that use it). */
	public static function register(): void {
		if ( wp_script_is( self::HANDLE, 'registered' ) ) {
			return;
		}
		wp_register_script(
			self::HANDLE,
			plugins_url( 'assets/authsignal-whatsapp-challenge.min.js', AUTHSIGNAL_WHATSAPP_FILE ),
			array(),
			AUTHSIGNAL_WHATSAPP_VERSION,
			true
		);
	}

	/**
	 * Enqueues the element and the locale file that fits the language best.
	 *
	 * @param string $language_tag BCP 47 tag of the text around the element.
	 */
	public static function enqueue( string $language_tag ): void {
		self::register();
		wp_enqueue_script( self::HANDLE );
		$locale = self::locale_file( $language_tag );
		if ( null !== $locale ) {
			$handle = self::HANDLE . '-locale-' . strtolower( $locale );
			wp_enqueue_script(
				$handle,
				plugins_url( 'assets/locales/' . $locale . '.min.js', AUTHSIGNAL_WHATSAPP_FILE ),
				array( self::HANDLE ),
				AUTHSIGNAL_WHATSAPP_VERSION,
				true
			);
		}
	}

	/**
	 * The shipped locale file for a language (`pt-BR` for pt-BR or pt, `es` for es-MX), or
	 * null for English and for languages the element does not speak.
	 *
	 * @param string $language_tag BCP 47 tag.
	 */
	public static function locale_file( string $language_tag ): ?string {
		$available = array();
		$files     = glob( AUTHSIGNAL_WHATSAPP_DIR . '/assets/locales/*.min.js' );
		foreach ( is_array( $files ) ? $files : array() as $file ) {
			$available[ strtolower( basename( $file, '.min.js' ) ) ] = basename( $file, '.min.js' );
		}
		$tag  = strtolower( $language_tag );
		$base = explode( '-', $tag )[0];
		if ( isset( $available[ $tag ] ) ) {
			return $available[ $tag ];
		}
		if ( isset( $available[ $base ] ) ) {
			return $available[ $base ];
		}
		foreach ( $available as $key => $name ) {
			if ( str_starts_with( $key, $base . '-' ) ) {
				return $name;
			}
		}
		return null;
	}

	/**
	 * Marks the plugin's script tags as modules.
	 *
	 * @param string $tag    The tag WordPress built.
	 * @param string $handle Its handle.
	 */
	public static function module_tag( $tag, $handle ) {
		if ( ! is_string( $tag ) || ! is_string( $handle ) || ! str_starts_with( $handle, self::HANDLE ) ) {
			return $tag;
		}
		$tag = preg_replace( '/\stype=([\'"])text\/javascript\1/', '', $tag ) ?? $tag;
		return str_replace( '<script ', '<script type="module" ', $tag );
	}
}
